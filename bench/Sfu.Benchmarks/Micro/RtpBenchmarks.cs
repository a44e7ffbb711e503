using BenchmarkDotNet.Attributes;
using Sfu.Media.Rtp;
using Sfu.Media.Rtp.Extensions;

namespace Sfu.Benchmarks.Micro;

/// <summary>
/// The per-packet RTP work of a router (RFC 3550 §5.1, RFC 8285): parse a producer's packet, read its header
/// extensions, rewrite the header in place, and rewrite the extension ids to the router's.
/// </summary>
[MemoryDiagnoser]
[ZeroAllocation]
public class RtpBenchmarks
{
    private byte[] _source = [];
    private byte[] _work = [];
    private byte[] _destination = [];
    private byte[] _idMap = [];
    private uint _counter;

    /// <summary>Audio (160-byte payload) or video (1200-byte payload).</summary>
    [Params(PacketKind.Audio, PacketKind.Video)]
    public PacketKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _source = BenchPackets.Rtp(Kind);
        _work = (byte[])_source.Clone();
        _destination = new byte[BenchPackets.BufferLength];
        _idMap = BenchPackets.RouterIdMap().AsSpan().ToArray();
        // The benchmarks must measure the real path: every element found, every element kept under the router's id.
        int kindId = Kind == PacketKind.Audio ? BenchPackets.RouterAudioLevelId : BenchPackets.RouterVideoOrientationId;
        if (!RtpPacketView.TryParse(_source, out RtpPacketView packet, out _) || packet.PayloadLength == 0
            || TryParse_and_read_four_extensions() <= 0
            || !RtpHeaderExtensionRewriter.TryRewrite(packet, _idMap, _destination, out int written)
            || !RtpPacketView.TryParse(_destination.AsSpan(0, written), out RtpPacketView rewritten, out _)
            || rewritten.ExtensionForm != RtpExtensionForm.OneByte
            || !rewritten.HasExtensionElement(BenchPackets.RouterMidId)
            || !rewritten.HasExtensionElement(BenchPackets.RouterAbsSendTimeId)
            || !rewritten.HasExtensionElement(BenchPackets.RouterTransportWideCcId)
            || !rewritten.HasExtensionElement(kindId)
            || !rewritten.Payload.SequenceEqual(packet.Payload))
        {
            throw new InvalidOperationException("the benchmark packet does not parse or rewrite as expected");
        }
    }

    /// <summary>Validates the header and locates the extension block and payload.</summary>
    [Benchmark]
    public int TryParse()
    {
        RtpPacketView.TryParse(_source, out RtpPacketView packet, out RtpParseError error);
        return packet.PayloadLength + (int)error;
    }

    /// <summary>Parses, then finds and decodes mid, abs-send-time, transport-cc and audio level (or orientation).</summary>
    [Benchmark]
    public int TryParse_and_read_four_extensions()
    {
        if (!RtpPacketView.TryParse(_source, out RtpPacketView packet, out _))
        {
            return -1;
        }

        int sum = 0;
        if (packet.TryGetExtension(BenchPackets.ProducerMidId, out ReadOnlySpan<byte> value)
            && MidExtension.TryRead(value, out ReadOnlySpan<byte> mid))
        {
            sum += mid[0];
        }

        if (packet.TryGetExtension(BenchPackets.ProducerAbsSendTimeId, out value)
            && AbsSendTimeExtension.TryRead(value, out uint absSendTime))
        {
            sum += (int)absSendTime;
        }

        if (packet.TryGetExtension(BenchPackets.ProducerTransportWideCcId, out value)
            && TransportWideSequenceNumberExtension.TryRead(value, out ushort wideSequenceNumber))
        {
            sum += wideSequenceNumber;
        }

        if (packet.TryGetExtension(BenchPackets.ProducerAudioLevelId, out value)
            && AudioLevelExtension.TryRead(value, out bool voice, out byte level))
        {
            sum += level + (voice ? 1 : 0);
        }
        else if (packet.TryGetExtension(BenchPackets.ProducerVideoOrientationId, out value)
            && VideoOrientationExtension.TryRead(value, out VideoOrientation orientation))
        {
            sum += orientation.Rotation;
        }

        return sum;
    }

    /// <summary>Parses, then rewrites SSRC, sequence number, timestamp and payload type in place (a consumer's send).</summary>
    [Benchmark]
    public int TryParse_and_rewrite_header_in_place()
    {
        if (!RtpPacketView.TryParse(_work, out RtpPacketView packet, out _))
        {
            return -1;
        }

        uint n = ++_counter;
        packet.Ssrc = 0xC0FFEE00u + (n & 1);
        packet.SequenceNumber = (ushort)n;
        packet.Timestamp += 960;
        packet.PayloadType = (byte)(100 + (n & 1));
        return packet.SequenceNumber;
    }

    /// <summary>Parses, then copies the packet with its extension ids mapped to the router's (one-byte form kept).</summary>
    [Benchmark]
    public int TryRewrite_extension_ids_to_router_ids()
    {
        if (!RtpPacketView.TryParse(_source, out RtpPacketView packet, out _))
        {
            return -1;
        }

        RtpHeaderExtensionRewriter.TryRewrite(packet, _idMap, _destination, out int written);
        return written;
    }

    /// <summary>
    /// What a router does per consumer: parse, map the extension ids into the send buffer, parse that, rewrite the header,
    /// and stamp the transport's abs-send-time and transport-wide sequence number.
    /// </summary>
    [Benchmark]
    public int Forward_to_one_consumer()
    {
        if (!RtpPacketView.TryParse(_source, out RtpPacketView packet, out _)
            || !RtpHeaderExtensionRewriter.TryRewrite(packet, _idMap, _destination, out int written)
            || !RtpPacketView.TryParse(_destination.AsSpan(0, written), out RtpPacketView output, out _))
        {
            return -1;
        }

        uint n = ++_counter;
        output.Ssrc = 0xC0FFEE00u;
        output.SequenceNumber = (ushort)n;
        output.Timestamp += 960;
        output.PayloadType = 100;
        if (output.TryGetWritableExtension(BenchPackets.RouterAbsSendTimeId, out Span<byte> abs))
        {
            AbsSendTimeExtension.TryWrite(abs, AbsSendTimeExtension.FromMicroseconds(n * 1000L));
        }

        if (output.TryGetWritableExtension(BenchPackets.RouterTransportWideCcId, out Span<byte> wide))
        {
            TransportWideSequenceNumberExtension.TryWrite(wide, (ushort)n);
        }

        return written;
    }
}
