using System.Buffers.Binary;
using Sfu.Media.Time;

namespace Sfu.Media.Rtcp;

/// <summary>Packet status symbols of transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).</summary>
public enum TransportWideCcSymbol : byte
{
    /// <summary>00: packet not received.</summary>
    NotReceived = 0,

    /// <summary>01: packet received, small delta (1 byte, 0–63.75 ms).</summary>
    ReceivedSmallDelta = 1,

    /// <summary>10: packet received, large or negative delta (2 bytes, signed).</summary>
    ReceivedLargeDelta = 2,
}

/// <summary>One packet's status in a transport-cc feedback.</summary>
/// <param name="SequenceNumber">The transport-wide sequence number.</param>
/// <param name="Symbol">Received or not, and the delta size.</param>
/// <param name="Delta">Receive delta from the previous received packet (or the reference time) in 250 µs ticks.</param>
public readonly record struct TransportWideCcPacketStatus(ushort SequenceNumber, TransportWideCcSymbol Symbol, short Delta)
{
    /// <summary>True when the packet was received.</summary>
    public bool Received => Symbol != TransportWideCcSymbol.NotReceived;

    /// <summary>The receive delta in microseconds.</summary>
    public long DeltaMicroseconds => Delta * (long)TransportWideCcFeedback.DeltaTickMicroseconds;
}

/// <summary>
/// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1), a view over
/// one RTPFB FMT=15 packet. Parsing walks every chunk and checks that the receive deltas fit.
/// <code>
/// |V=2|P|  FMT=15 |    PT=205     |           length              |
/// |                     SSRC of packet sender                     |
/// |                      SSRC of media source                     |
/// |      base sequence number     |      packet status count      |
/// |                 reference time                | fb pkt. count |
/// |          packet chunk         |         packet chunk          |
/// .                                                               .
/// |         packet chunk          |  recv delta   |  recv delta   |
/// .                                                               .
/// |           recv delta          |  recv delta   | zero padding  |
/// </code>
/// Chunks (§3.1.3, §3.1.4): run length <c>|0|S S|run length (13)|</c>; status vector <c>|1|0|14 × 1-bit|</c> or
/// <c>|1|1|7 × 2-bit|</c>. Deltas (§3.1.5) are in 250 µs ticks: 1 byte unsigned or 2 bytes signed.
/// </summary>
public readonly ref struct TransportWideCcFeedback
{
    /// <summary>Length of a receive delta tick.</summary>
    public const int DeltaTickMicroseconds = 250;

    /// <summary>Length of a reference time unit.</summary>
    public const int ReferenceTimeMicroseconds = 64_000;

    /// <summary>FCI bytes before the chunks.</summary>
    internal const int FixedFciLength = 8;

    private readonly ReadOnlySpan<byte> _body;

    private TransportWideCcFeedback(RtcpHeader header, ReadOnlySpan<byte> body, int chunksLength, int receivedCount)
    {
        Header = header;
        _body = body;
        ChunksLength = chunksLength;
        ReceivedCount = receivedCount;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>SSRC of packet sender.</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>SSRC of media source.</summary>
    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    /// <summary>Transport-wide sequence number of the first packet reported.</summary>
    public ushort BaseSequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_body.Slice(8));

    /// <summary>Number of packets reported.</summary>
    public ushort PacketStatusCount => BinaryPrimitives.ReadUInt16BigEndian(_body.Slice(10));

    /// <summary>Reference time, 24-bit signed, in multiples of 64 ms.</summary>
    public int ReferenceTime => ((_body[12] << 16) | (_body[13] << 8) | _body[14]) << 8 >> 8;

    /// <summary>Reference time in microseconds.</summary>
    public long ReferenceTimeInMicroseconds => ReferenceTime * (long)ReferenceTimeMicroseconds;

    /// <summary>Feedback packet count, incremented per feedback sent.</summary>
    public byte FeedbackPacketCount => _body[15];

    /// <summary>Number of packets reported as received.</summary>
    public int ReceivedCount { get; }

    /// <summary>Bytes taken by the packet chunks.</summary>
    public int ChunksLength { get; }

    /// <summary>Every reported packet, in sequence order.</summary>
    public TransportWideCcPacketEnumerator Packets =>
        new(_body.Slice(16, ChunksLength), _body.Slice(16 + ChunksLength), BaseSequenceNumber, PacketStatusCount);

    /// <summary>Parses one transport-cc feedback packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out TransportWideCcFeedback feedback, out RtcpParseError error)
    {
        feedback = default;
        if (!RtcpFeedback.TryParseBody(packet, out RtcpHeader header, out ReadOnlySpan<byte> body, out error))
        {
            return false;
        }

        if (header.Type != RtcpPacketType.TransportLayerFeedback || header.Count != (int)TransportLayerFeedbackFormat.TransportWideCc)
        {
            error = RtcpParseError.WrongPacketType;
            return false;
        }

        if (body.Length < RtcpFeedback.CommonLength + FixedFciLength)
        {
            error = RtcpParseError.BadTransportCcFeedback;
            return false;
        }

        int statusCount = BinaryPrimitives.ReadUInt16BigEndian(body.Slice(10));
        int pos = 16;
        int covered = 0;
        int deltaBytes = 0;
        int received = 0;
        while (covered < statusCount)
        {
            if (pos + 2 > body.Length)
            {
                error = RtcpParseError.BadTransportCcFeedback;
                return false;
            }

            int chunk = BinaryPrimitives.ReadUInt16BigEndian(body.Slice(pos));
            pos += 2;
            int remaining = statusCount - covered;
            if ((chunk & 0x8000) == 0)
            {
                int symbol = (chunk >> 13) & 0x03;
                int run = Math.Min(chunk & 0x1FFF, remaining);
                if (symbol == 3)
                {
                    error = RtcpParseError.BadTransportCcFeedback;
                    return false;
                }

                if (symbol != 0)
                {
                    received += run;
                    deltaBytes += run * symbol;
                }

                covered += run;
            }
            else if ((chunk & 0x4000) == 0)
            {
                int n = Math.Min(14, remaining);
                for (int i = 0; i < n; i++)
                {
                    if (((chunk >> (13 - i)) & 1) != 0)
                    {
                        received++;
                        deltaBytes++;
                    }
                }

                covered += n;
            }
            else
            {
                int n = Math.Min(7, remaining);
                for (int i = 0; i < n; i++)
                {
                    int symbol = (chunk >> (12 - 2 * i)) & 0x03;
                    if (symbol == 3)
                    {
                        error = RtcpParseError.BadTransportCcFeedback;
                        return false;
                    }

                    if (symbol != 0)
                    {
                        received++;
                        deltaBytes += symbol;
                    }
                }

                covered += n;
            }
        }

        if (pos + deltaBytes > body.Length)
        {
            error = RtcpParseError.BadTransportCcFeedback;
            return false;
        }

        feedback = new TransportWideCcFeedback(header, body, pos - 16, received);
        return true;
    }
}

/// <summary>Enumerates every packet status of a validated transport-cc feedback, with its receive delta.</summary>
public ref struct TransportWideCcPacketEnumerator
{
    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;
    private readonly ushort _base;
    private readonly int _count;
    private int _index;
    private int _chunkPos;
    private int _chunk;
    private int _inChunk;
    private int _chunkSize;
    private int _deltaPos;

    internal TransportWideCcPacketEnumerator(ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas, ushort baseSequenceNumber, int count)
    {
        _chunks = chunks;
        _deltas = deltas;
        _base = baseSequenceNumber;
        _count = count;
        _index = -1;
        _chunkPos = 0;
        _chunk = 0;
        _inChunk = 0;
        _chunkSize = 0;
        _deltaPos = 0;
        Current = default;
    }

    /// <summary>The current packet.</summary>
    public TransportWideCcPacketStatus Current { get; private set; }

    /// <summary>Supports <c>foreach</c>.</summary>
    public readonly TransportWideCcPacketEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next packet.</summary>
    public bool MoveNext()
    {
        if (_index + 1 >= _count)
        {
            return false;
        }

        while (_inChunk >= _chunkSize)
        {
            if (_chunkPos + 2 > _chunks.Length)
            {
                return false;
            }

            _chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks.Slice(_chunkPos));
            _chunkPos += 2;
            _inChunk = 0;
            _chunkSize = (_chunk & 0x8000) == 0 ? _chunk & 0x1FFF : (_chunk & 0x4000) == 0 ? 14 : 7;
        }

        int symbol;
        if ((_chunk & 0x8000) == 0)
        {
            symbol = (_chunk >> 13) & 0x03;
        }
        else if ((_chunk & 0x4000) == 0)
        {
            symbol = (_chunk >> (13 - _inChunk)) & 1;
        }
        else
        {
            symbol = (_chunk >> (12 - 2 * _inChunk)) & 0x03;
        }

        _inChunk++;
        _index++;

        short delta = 0;
        if (symbol == 1 && _deltaPos + 1 <= _deltas.Length)
        {
            delta = _deltas[_deltaPos];
            _deltaPos += 1;
        }
        else if (symbol == 2 && _deltaPos + 2 <= _deltas.Length)
        {
            delta = BinaryPrimitives.ReadInt16BigEndian(_deltas.Slice(_deltaPos));
            _deltaPos += 2;
        }
        else if (symbol != 0)
        {
            return false; // unreachable for validated packets
        }

        Current = new TransportWideCcPacketStatus((ushort)(_base + _index), (TransportWideCcSymbol)symbol, delta);
        return true;
    }
}

/// <summary>Why <see cref="TransportWideCcFeedbackBuilder.TryAdd"/> refused a packet.</summary>
public enum TransportWideCcAddResult : byte
{
    /// <summary>The packet was added.</summary>
    Added = 0,

    /// <summary>The sequence number is not newer than the last one added: send this feedback, start another.</summary>
    OutOfOrder,

    /// <summary>The receive delta does not fit 16 bits (±8.192 s): send this feedback, start another.</summary>
    DeltaOutOfRange,

    /// <summary>The feedback would exceed its maximum size or status count: send it, start another.</summary>
    Full,
}

/// <summary>
/// Builds transport-cc feedback incrementally from packet arrivals (receiver side, mediasoup's
/// <c>TransportCongestionControlServer</c>): add arrivals in transport-wide sequence order, then serialize. Gaps become
/// "not received". The chunk encoding is kept up to date as packets are added (libwebrtc's last-chunk scheme), so the
/// serialized size is known exactly and the builder refuses a packet that would not fit. Allocates only in the
/// constructor; reuse it with <see cref="Reset"/>.
/// </summary>
public sealed class TransportWideCcFeedbackBuilder
{
    private const int MaxVectorSymbols = 14;
    private const int MaxRunLength = 0x1FFF;

    private readonly ushort[] _chunks;
    private readonly byte[] _deltas;
    private readonly byte[] _pending = new byte[MaxVectorSymbols];

    private uint _senderSsrc;
    private uint _mediaSsrc;
    private byte _feedbackPacketCount;
    private int _maxLength;
    private bool _started;
    private ushort _baseSequenceNumber;
    private ushort _lastSequenceNumber;
    private long _referenceTime;
    private long _lastTicks;
    private int _statusCount;
    private int _chunkCount;
    private int _deltaLength;

    // The last, still open chunk.
    private int _pendingSize;
    private bool _pendingAllSame;
    private bool _pendingHasLarge;

    /// <summary>Creates a builder for feedbacks of at most <paramref name="maxStatusCount"/> packet statuses.</summary>
    public TransportWideCcFeedbackBuilder(int maxStatusCount = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStatusCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxStatusCount, ushort.MaxValue);
        _chunks = new ushort[maxStatusCount + 1];
        _deltas = new byte[maxStatusCount * 2];
        Reset(0, 0, 0);
    }

    /// <summary>True before the first packet is added.</summary>
    public bool IsEmpty => !_started;

    /// <summary>Sequence number of the first packet.</summary>
    public ushort BaseSequenceNumber => _baseSequenceNumber;

    /// <summary>Sequence number of the last packet added.</summary>
    public ushort LastSequenceNumber => _lastSequenceNumber;

    /// <summary>Number of packet statuses (received and not received).</summary>
    public int PacketStatusCount => _statusCount;

    /// <summary>The reference time in 64 ms units (full precision; 24 bits go on the wire).</summary>
    public long ReferenceTime => _referenceTime;

    /// <summary>Starts a new feedback.</summary>
    /// <param name="senderSsrc">SSRC of packet sender.</param>
    /// <param name="mediaSsrc">SSRC of media source.</param>
    /// <param name="feedbackPacketCount">This feedback's sequence number (fb pkt. count).</param>
    /// <param name="maxLength">Maximum serialized size in bytes (e.g. the RTCP MTU).</param>
    public void Reset(uint senderSsrc, uint mediaSsrc, byte feedbackPacketCount, int maxLength = 1200)
    {
        _senderSsrc = senderSsrc;
        _mediaSsrc = mediaSsrc;
        _feedbackPacketCount = feedbackPacketCount;
        _maxLength = maxLength;
        _started = false;
        _statusCount = 0;
        _chunkCount = 0;
        _deltaLength = 0;
        _pendingSize = 0;
        _pendingAllSame = true;
        _pendingHasLarge = false;
    }

    /// <summary>Adds a received packet.</summary>
    /// <param name="sequenceNumber">Its transport-wide sequence number, newer than the last one added.</param>
    /// <param name="arrivalMicroseconds">Its arrival time on the receiver's clock.</param>
    public TransportWideCcAddResult TryAdd(ushort sequenceNumber, long arrivalMicroseconds)
    {
        long ticks = FloorDiv(arrivalMicroseconds, TransportWideCcFeedback.DeltaTickMicroseconds);
        if (!_started)
        {
            if (20 + 2 + 2 > _maxLength)
            {
                return TransportWideCcAddResult.Full;
            }

            _started = true;
            _baseSequenceNumber = sequenceNumber;
            _lastSequenceNumber = (ushort)(sequenceNumber - 1);
            _referenceTime = FloorDiv(arrivalMicroseconds, TransportWideCcFeedback.ReferenceTimeMicroseconds);
            _lastTicks = _referenceTime * (TransportWideCcFeedback.ReferenceTimeMicroseconds / TransportWideCcFeedback.DeltaTickMicroseconds);
        }
        else if (!SeqNum16.IsNewer(sequenceNumber, _lastSequenceNumber))
        {
            return TransportWideCcAddResult.OutOfOrder;
        }

        long delta = ticks - _lastTicks;
        if (delta < short.MinValue || delta > short.MaxValue)
        {
            return TransportWideCcAddResult.DeltaOutOfRange;
        }

        int missing = SeqNum16.Distance(_lastSequenceNumber, sequenceNumber) - 1;
        if (_statusCount + missing + 1 > _chunks.Length - 1)
        {
            return TransportWideCcAddResult.Full;
        }

        byte symbol = delta is >= 0 and <= 255 ? (byte)TransportWideCcSymbol.ReceivedSmallDelta : (byte)TransportWideCcSymbol.ReceivedLargeDelta;

        // Save the chunk state to roll back if the result would be too long.
        int savedChunkCount = _chunkCount;
        int savedPendingSize = _pendingSize;
        bool savedAllSame = _pendingAllSame;
        bool savedHasLarge = _pendingHasLarge;
        Span<byte> savedPending = stackalloc byte[MaxVectorSymbols];
        _pending.CopyTo(savedPending);

        for (int i = 0; i < missing; i++)
        {
            AddSymbol((byte)TransportWideCcSymbol.NotReceived);
        }

        AddSymbol(symbol);
        int deltaLength = _deltaLength + symbol;
        if (SerializedLength(_chunkCount + (_pendingSize > 0 ? 1 : 0), deltaLength) > _maxLength)
        {
            _chunkCount = savedChunkCount;
            _pendingSize = savedPendingSize;
            _pendingAllSame = savedAllSame;
            _pendingHasLarge = savedHasLarge;
            savedPending.CopyTo(_pending);
            if (_statusCount == 0)
            {
                _started = false;
            }

            return TransportWideCcAddResult.Full;
        }

        if (symbol == (byte)TransportWideCcSymbol.ReceivedSmallDelta)
        {
            _deltas[_deltaLength] = (byte)delta;
        }
        else
        {
            BinaryPrimitives.WriteInt16BigEndian(_deltas.AsSpan(_deltaLength), (short)delta);
        }

        _deltaLength = deltaLength;
        _statusCount += missing + 1;
        _lastSequenceNumber = sequenceNumber;
        _lastTicks = ticks;
        return TransportWideCcAddResult.Added;
    }

    /// <summary>Serialized size in bytes (0 when empty).</summary>
    public int GetSerializedLength() =>
        _started ? SerializedLength(_chunkCount + (_pendingSize > 0 ? 1 : 0), _deltaLength) : 0;

    /// <summary>Writes the feedback; false when empty or the destination is too small.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int length = GetSerializedLength();
        if (length == 0 || destination.Length < length)
        {
            return false;
        }

        int unpadded = 20 + 2 * (_chunkCount + (_pendingSize > 0 ? 1 : 0)) + _deltaLength;
        int padding = length - unpadded;
        RtcpHeader.Write(destination, (int)TransportLayerFeedbackFormat.TransportWideCc, (byte)RtcpPacketType.TransportLayerFeedback,
            length, padding > 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), _senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), _mediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(12), _baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(14), (ushort)_statusCount);
        uint reference = (uint)(_referenceTime & 0xFFFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), (reference << 8) | _feedbackPacketCount);
        int pos = 20;
        for (int i = 0; i < _chunkCount; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(pos), _chunks[i]);
            pos += 2;
        }

        if (_pendingSize > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(pos), EncodeLastChunk());
            pos += 2;
        }

        _deltas.AsSpan(0, _deltaLength).CopyTo(destination.Slice(pos));
        pos += _deltaLength;
        if (padding > 0)
        {
            destination.Slice(pos, padding - 1).Clear();
            destination[pos + padding - 1] = (byte)padding;
        }

        written = length;
        return true;
    }

    private static int SerializedLength(int chunks, int deltaBytes) => (20 + 2 * chunks + deltaBytes + 3) & ~3;

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }

    private bool CanAdd(byte symbol)
    {
        if (_pendingSize < 7)
        {
            return true;
        }

        if (_pendingSize < MaxVectorSymbols && !_pendingHasLarge && symbol != (byte)TransportWideCcSymbol.ReceivedLargeDelta)
        {
            return true;
        }

        return _pendingSize < MaxRunLength && _pendingAllSame && symbol == _pending[0];
    }

    private void AddSymbol(byte symbol)
    {
        if (!CanAdd(symbol))
        {
            EmitChunk();
        }

        if (_pendingSize < MaxVectorSymbols)
        {
            _pending[_pendingSize] = symbol;
        }

        _pendingAllSame &= _pendingSize == 0 || symbol == _pending[0];
        _pendingHasLarge |= symbol == (byte)TransportWideCcSymbol.ReceivedLargeDelta;
        _pendingSize++;
    }

    /// <summary>Closes chunks from the open symbols when the next symbol does not fit.</summary>
    private void EmitChunk()
    {
        if (_pendingAllSame)
        {
            _chunks[_chunkCount++] = RunLengthChunk(_pending[0], _pendingSize);
            _pendingSize = 0;
            _pendingAllSame = true;
            _pendingHasLarge = false;
            return;
        }

        if (_pendingSize == MaxVectorSymbols)
        {
            _chunks[_chunkCount++] = OneBitChunk(_pending, MaxVectorSymbols);
            _pendingSize = 0;
            _pendingAllSame = true;
            _pendingHasLarge = false;
            return;
        }

        // 7 ≤ size < 14 with a large delta among them: the first 7 go into a two-bit vector.
        _chunks[_chunkCount++] = TwoBitChunk(_pending, 7);
        int rest = _pendingSize - 7;
        for (int i = 0; i < rest; i++)
        {
            _pending[i] = _pending[7 + i];
        }

        _pendingSize = rest;
        _pendingAllSame = true;
        _pendingHasLarge = false;
        for (int i = 0; i < rest; i++)
        {
            _pendingAllSame &= _pending[i] == _pending[0];
            _pendingHasLarge |= _pending[i] == (byte)TransportWideCcSymbol.ReceivedLargeDelta;
        }
    }

    private ushort EncodeLastChunk()
    {
        if (_pendingAllSame)
        {
            return RunLengthChunk(_pending[0], _pendingSize);
        }

        return _pendingSize <= 7 ? TwoBitChunk(_pending, _pendingSize) : OneBitChunk(_pending, _pendingSize);
    }

    private static ushort RunLengthChunk(byte symbol, int run) => (ushort)((symbol << 13) | run);

    private static ushort OneBitChunk(ReadOnlySpan<byte> symbols, int count)
    {
        int chunk = 0x8000;
        for (int i = 0; i < count; i++)
        {
            chunk |= symbols[i] << (13 - i);
        }

        return (ushort)chunk;
    }

    private static ushort TwoBitChunk(ReadOnlySpan<byte> symbols, int count)
    {
        int chunk = 0xC000;
        for (int i = 0; i < count; i++)
        {
            chunk |= symbols[i] << (12 - 2 * i);
        }

        return (ushort)chunk;
    }
}
