using Sfu.Media.Rtp;

namespace Sfu.Interop.Tests.Sfu;

/// <summary>
/// VP8-shaped RTP packets for tests that need many without a tool: frames of <see cref="PacketsPerFrame"/> packets
/// (RFC 7741 descriptor with S set on the first, marker on the last, 90 kHz timestamps at 30 fps), a key frame every
/// <see cref="FramesPerKeyFrame"/> frames (P = 0 and the key-frame start code), payload bytes a fixed pattern.
/// </summary>
public sealed class Vp8PacketSource(uint ssrc, byte payloadType = 96, int payloadLength = 1000)
{
    private ushort _sequenceNumber = (ushort)Random.Shared.Next(0, 0x10000);
    private uint _timestamp = (uint)Random.Shared.Next();
    private int _packetInFrame;
    private int _frame;
    private readonly byte[] _payload = new byte[payloadLength];

    public uint Ssrc => ssrc;

    public byte PayloadType => payloadType;

    public int PacketsPerFrame { get; init; } = 10;

    public int FramesPerKeyFrame { get; init; } = 30;

    /// <summary>The first packet's sequence number (default: random).</summary>
    public ushort FirstSequenceNumber
    {
        init => _sequenceNumber = value;
    }

    /// <summary>The sequence number of the last packet written.</summary>
    public ushort LastSequenceNumber => unchecked((ushort)(_sequenceNumber - 1));

    /// <summary>Packets written so far.</summary>
    public long Written { get; private set; }

    /// <summary>Writes the next packet into <paramref name="buffer"/> (at least 12 + <c>payloadLength</c> bytes) and returns its length.</summary>
    public int Next(Span<byte> buffer)
    {
        var start = _packetInFrame == 0;
        var last = _packetInFrame == PacketsPerFrame - 1;
        var key = _frame % FramesPerKeyFrame == 0;

        var builder = new RtpPacketBuilder(buffer);
        if (!builder.TryWriteHeader(last, payloadType, _sequenceNumber, _timestamp, ssrc, default))
        {
            throw new ArgumentException("buffer too small", nameof(buffer));
        }
        var payload = _payload.AsSpan();
        payload.Fill(0x5A);
        payload[0] = (byte)(start ? 0x10 : 0x00); // RFC 7741 descriptor: S, partition 0
        if (start)
        {
            // VP8 frame tag: P (bit 0) = 0 for a key frame, show_frame; then the key-frame start code and 320x240.
            payload[1] = (byte)(key ? 0x10 : 0x11);
            payload[2] = 0x00;
            payload[3] = 0x00;
            if (key)
            {
                ReadOnlySpan<byte> header = [0x9D, 0x01, 0x2A, 0x40, 0x01, 0xF0, 0x00];
                header.CopyTo(payload[4..]);
            }
        }
        if (!builder.TryWritePayload(payload))
        {
            throw new ArgumentException("buffer too small", nameof(buffer));
        }

        _sequenceNumber++;
        Written++;
        if (last)
        {
            _packetInFrame = 0;
            _frame++;
            _timestamp += 3000;
        }
        else
        {
            _packetInFrame++;
        }
        return builder.Length;
    }

    /// <summary>The next packet as a new array.</summary>
    public byte[] Next()
    {
        var buffer = new byte[12 + payloadLength];
        var length = Next(buffer);
        return buffer[..length];
    }

    /// <summary>The packet <see cref="Next()"/> would write, without moving on.</summary>
    public byte[] Peek()
    {
        var (sequenceNumber, timestamp, packetInFrame, frame, written) = (_sequenceNumber, _timestamp, _packetInFrame, _frame, Written);
        var packet = Next();
        (_sequenceNumber, _timestamp, _packetInFrame, _frame, Written) = (sequenceNumber, timestamp, packetInFrame, frame, written);
        return packet;
    }

    /// <summary>Skips ahead so the next packet starts a key frame.</summary>
    public void StartKeyFrame()
    {
        if (_packetInFrame != 0)
        {
            _packetInFrame = 0;
            _timestamp += 3000;
        }
        _frame = 0;
    }
}
