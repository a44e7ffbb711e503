using System.Security.Cryptography;
using Sfu.Media.Sctp.Chunks;
using Sfu.Media.Time;

namespace Sfu.Media.Sctp;

/// <summary>
/// One SCTP association (RFC 9260), sans-IO: bytes in (<see cref="HandleReceive"/>) plus the time, packets out
/// (<see cref="TryPollTransmit"/>), events (<see cref="TryPollEvent"/>) and the next timer (<see cref="NextTimeout"/>,
/// <see cref="HandleTimeout"/>). No sockets, clocks or threads; one thread drives it.
/// </summary>
/// <remarks>
/// <para>What it does: the four-way handshake with an HMAC-signed State Cookie and the simple INIT collision cases
/// of RFC 9260 §5.2; DATA with ordered and unordered delivery, fragmentation to the MTU and reassembly up to
/// <see cref="SctpAssociationOptions.MaxMessageSize"/>; SACK with gap blocks and duplicate TSNs, delayed SACK
/// (every second packet or 200 ms); RTO per §6.3; T1-init, T1-cookie, T2-shutdown and T3-rtx with back-off; fast
/// retransmit on three miss indications and fast recovery; slow start and congestion avoidance (§7.2) bounded by
/// the peer's receive window; HEARTBEAT answered; PR-SCTP (RFC 3758) by retransmission count or lifetime with
/// FORWARD TSN; stream reset (RFC 6525 outgoing and incoming SSN reset); SHUTDOWN and ABORT; unknown chunks
/// handled by the upper two bits of their type. No NODELAY-style bundling delay: data goes out as soon as the
/// windows allow.</para>
/// <para>What it does not: multi-homing, heartbeats of its own, peer restart (COOKIE ECHO case A of §5.2.4 is
/// dropped), ECN, AUTH, I-DATA, add-streams requests (answered Denied).</para>
/// <para>Per message, the steady path allocates nothing: message and chunk records are pooled, and payloads live in
/// arrays from the association's own buffer pool.</para>
/// </remarks>
public sealed partial class SctpAssociation : IDisposable
{
    private const int CommonHeaderSize = SctpPacket.HeaderSize;
    private const int TsnWindow = 16384;            // TSNs tracked above the cumulative TSN
    private const int MaxDuplicatesReported = 16;
    private const int MaxGapBlocksReported = 64;

    private readonly SctpAssociationOptions _options;
    private readonly Random? _random;
    private readonly byte[] _cookieKey = new byte[32];
    private readonly SctpBufferPool _buffers = new();
    private readonly int _mtu;
    private readonly int _maxFragment;

    private ProtocolState _protocolState;
    private SctpState _state;

    // Tags and TSNs.
    private uint _localTag;
    private uint _peerTag;
    private uint _localInitialTsn;
    private uint _nextTsn;
    private ushort _outStreams;
    private ushort _inStreams;
    private bool _peerSupportsForwardTsn;
    private bool _peerSupportsReConfig;

    // Sending.
    private readonly RingBuffer<OutboundMessage> _pending = new(64);
    private OutboundMessage? _current;
    private readonly RingBuffer<OutboundChunk> _sent = new(64);
    private readonly Stack<OutboundMessage> _messagePool = new();
    private readonly Stack<OutboundChunk> _chunkPool = new();
    private readonly ushort[] _outSsn;
    private readonly bool[] _outPaused;
    private readonly bool[] _outResetSinceUse;
    private readonly long[] _bufferedPerStream;
    private long _buffered;
    private uint _cumAckPoint;          // the peer's Cumulative TSN Ack of our TSNs
    private uint _advancedPeerAckPoint; // RFC 3758 §3.5
    private long _flightSize;
    private long _cwnd;
    private long _ssthresh;
    private long _partialBytesAcked;
    private long _peerRwnd;
    private bool _inFastRecovery;
    private uint _fastRecoveryExit;
    private bool _fastRetransmitPending;
    private bool _forwardTsnPending;

    // RTO (RFC 9260 §6.3.1).
    private long _rtoUs;
    private long _srttUs;
    private long _rttvarUs;
    private bool _hasRttMeasurement;
    private bool _rttMeasuring;
    private uint _rttTsn;
    private Instant _rttSentAt;

    // Timers.
    private Instant _t1At = Instant.MaxValue;
    private int _t1Count;
    private Instant _t2At = Instant.MaxValue;
    private int _t2Count;
    private Instant _t3At = Instant.MaxValue;
    private Instant _reconfigAt = Instant.MaxValue;
    private Instant _sackAt = Instant.MaxValue;
    private int _errorCount;

    // Receiving.
    private uint _cumTsn;               // last in-sequence TSN received from the peer
    private uint _highestTsn;
    private readonly ulong[] _receivedBits = new ulong[TsnWindow / 64];
    private readonly uint[] _duplicates = new uint[MaxDuplicatesReported];
    private int _duplicateCount;
    private bool _sackNow;
    private int _packetsSinceSack;
    private long _heldBytes;
    private InboundStream?[] _inbound = [];
    private readonly RingBuffer<InboundChunk> _unordered = new(8);
    private readonly Stack<InboundChunk> _inboundPool = new();

    // Control chunks waiting for the next packet.
    private readonly RingBuffer<byte[]> _rawPackets = new(4);
    private byte[]? _initPacket;
    private byte[]? _cookieEchoPacket;
    private bool _sendCookieAck;
    private bool _sendShutdown;
    private bool _sendShutdownAck;
    private readonly RingBuffer<byte[]> _heartbeatAcks = new(2);
    private readonly RingBuffer<ushort> _invalidStreamErrors = new(2);
    private readonly RingBuffer<byte[]> _unrecognizedChunkErrors = new(2);

    // Events.
    private readonly RingBuffer<SctpEvent> _events = new(64);
    private byte[]? _lastPolledBuffer;
    private readonly long[] _drops = new long[Enum.GetValues<SctpDropReason>().Length];

    /// <summary>Creates an association in state <see cref="SctpState.New"/>.</summary>
    public SctpAssociation(SctpAssociationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.OutboundStreams == 0 || options.MaxInboundStreams == 0)
        {
            throw new ArgumentException("OutboundStreams and MaxInboundStreams must be at least 1", nameof(options));
        }

        if (options.Mtu < 256 || options.MaxMessageSize <= 0 || options.SendBufferSize <= 0 || options.ReceiveBufferSize < 1500)
        {
            throw new ArgumentException("Mtu ≥ 256, MaxMessageSize > 0, SendBufferSize > 0 and ReceiveBufferSize ≥ 1500 are required", nameof(options));
        }

        _options = options;
        _random = options.Random;
        _mtu = options.Mtu;
        _maxFragment = _mtu - CommonHeaderSize - DataChunk.HeaderSize;
        FillRandom(_cookieKey);
        _outSsn = new ushort[options.OutboundStreams];
        _outPaused = new bool[options.OutboundStreams];
        _outResetSinceUse = new bool[options.OutboundStreams];
        _bufferedPerStream = new long[options.OutboundStreams];
        _rtoUs = ToUs(options.RtoInitial);
        _cwnd = InitialCwnd;
        _state = SctpState.New;
        _protocolState = ProtocolState.Closed;
    }

    private enum ProtocolState
    {
        Closed,
        CookieWait,
        CookieEchoed,
        Established,
        ShutdownPending,
        ShutdownSent,
        ShutdownReceived,
        ShutdownAckSent,
    }

    /// <summary>mediasoup's sctpState.</summary>
    public SctpState State => _state;

    public SctpAssociationOptions Options => _options;

    /// <summary>Outgoing streams usable after the handshake: min(our OS, peer MIS); 0 before.</summary>
    public int NegotiatedOutboundStreams => _outStreams;

    /// <summary>Incoming streams accepted after the handshake: min(our MIS, peer OS); 0 before.</summary>
    public int NegotiatedInboundStreams => _inStreams;

    /// <summary>Bytes queued or sent and not yet acknowledged (or abandoned), all streams (mediasoup sctpBufferedAmount).</summary>
    public long BufferedAmount => _buffered;

    /// <summary>When <see cref="BufferedAmount"/> falls from above this value to it or below, a <see cref="SctpEventKind.BufferedAmountLow"/> event is raised.</summary>
    public long BufferedAmountLowThreshold { get; set; }

    /// <summary>Current retransmission timeout.</summary>
    public TimeSpan Rto => TimeSpan.FromTicks(_rtoUs * 10);

    /// <summary>Current congestion window in bytes.</summary>
    public long CongestionWindow => _cwnd;

    public long PacketsSent { get; private set; }

    public long PacketsReceived { get; private set; }

    /// <summary>Messages accepted by <see cref="Send"/>.</summary>
    public long MessagesSent { get; private set; }

    /// <summary>User bytes accepted by <see cref="Send"/>.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Messages delivered as <see cref="SctpEventKind.MessageReceived"/>.</summary>
    public long MessagesReceived { get; private set; }

    public long BytesReceived { get; private set; }

    /// <summary>DATA chunks sent again (timeout or fast retransmit).</summary>
    public long Retransmissions { get; private set; }

    /// <summary>Messages given up under PR-SCTP (RFC 3758).</summary>
    public long AbandonedMessages { get; private set; }

    /// <summary>Received messages dropped for exceeding <see cref="SctpAssociationOptions.MaxMessageSize"/>.</summary>
    public long OversizedMessagesDropped { get; private set; }

    /// <summary>How many received packets (or chunks) were dropped for <paramref name="reason"/>.</summary>
    public long GetDropCount(SctpDropReason reason) => _drops[(int)reason];

    /// <summary>Total drops over all reasons.</summary>
    public long DroppedPackets
    {
        get
        {
            long sum = 0;
            foreach (long d in _drops)
            {
                sum += d;
            }

            return sum;
        }
    }

    /// <summary>Bytes of <paramref name="streamId"/> queued or unacknowledged.</summary>
    public long GetBufferedAmount(ushort streamId) => streamId < _bufferedPerStream.Length ? _bufferedPerStream[streamId] : 0;

    /// <summary>The earliest time <see cref="HandleTimeout"/> has work; <see cref="Instant.MaxValue"/> when no timer runs.</summary>
    public Instant NextTimeout =>
        Instant.Min(Instant.Min(Instant.Min(_t1At, _t2At), Instant.Min(_t3At, _reconfigAt)), _sackAt);

    private long InitialCwnd => Math.Min(4L * _mtu, Math.Max(2L * _mtu, 4380));

    /// <summary>
    /// Starts the association. A <see cref="SctpRole.Client"/> sends the INIT (RFC 9260 §5.1 step A) and starts
    /// T1-init; a <see cref="SctpRole.Server"/> only moves to <see cref="SctpState.Connecting"/> and waits for the
    /// peer's INIT (which it also accepts without this call). No-op unless the association is new.
    /// </summary>
    public void Connect(Instant now)
    {
        _now = now;
        if (_protocolState != ProtocolState.Closed || _state != SctpState.New)
        {
            return;
        }

        if (_options.Role == SctpRole.Server)
        {
            SetState(SctpState.Connecting);
            return;
        }

        _localTag = NextNonZeroUInt32();
        _localInitialTsn = NextUInt32();
        InitializeSendSide();
        _initPacket = BuildInitPacket(isAck: false, verificationTag: 0, _localTag, _localInitialTsn, cookie: default);
        _rawPackets.PushBack(_initPacket);
        _protocolState = ProtocolState.CookieWait;
        _t1Count = 0;
        _t1At = now.AddMicroseconds(_rtoUs);
        SetState(SctpState.Connecting);
    }

    /// <summary>
    /// Queues a message. Fragments it to the MTU at transmission; the bytes are copied. Ordered messages on one
    /// stream arrive in order; <paramref name="maxRetransmits"/> or <paramref name="maxPacketLifeTimeMs"/> (not both)
    /// make it partially reliable (RFC 3758) when the peer supports FORWARD TSN. Messages may be queued before the
    /// association is up; they go out once it is.
    /// </summary>
    public SctpSendResult Send(ushort streamId, uint ppid, ReadOnlySpan<byte> message, bool ordered, int? maxRetransmits,
        int? maxPacketLifeTimeMs, Instant now)
    {
        _now = now;
        if (_state is SctpState.Closed or SctpState.Failed || _protocolState >= ProtocolState.ShutdownPending)
        {
            return SctpSendResult.InvalidState;
        }

        if ((maxRetransmits.HasValue && maxPacketLifeTimeMs.HasValue) || maxRetransmits < 0 || maxPacketLifeTimeMs < 0)
        {
            return SctpSendResult.InvalidReliability;
        }

        if (message.IsEmpty)
        {
            return SctpSendResult.EmptyMessage;
        }

        if (message.Length > _options.MaxMessageSize)
        {
            return SctpSendResult.MessageTooLarge;
        }

        if (streamId >= _options.OutboundStreams || (_outStreams != 0 && streamId >= _outStreams))
        {
            return SctpSendResult.InvalidStream;
        }

        if (_buffered + message.Length > _options.SendBufferSize)
        {
            return SctpSendResult.SendBufferFull;
        }

        OutboundMessage m = _messagePool.Count > 0 ? _messagePool.Pop() : new OutboundMessage();
        m.Data = _buffers.Rent(message.Length);
        message.CopyTo(m.Data);
        m.Length = message.Length;
        m.StreamId = streamId;
        m.Ppid = ppid;
        m.Unordered = !ordered;
        m.MaxRetransmits = maxRetransmits ?? -1;
        m.ExpiresAtUs = maxPacketLifeTimeMs is { } life ? now.Microseconds + (life * 1000L) : long.MaxValue;
        m.BufferedBytes = message.Length;
        _pending.PushBack(m);
        _buffered += message.Length;
        _bufferedPerStream[streamId] += message.Length;
        _outResetSinceUse[streamId] = false;
        MessagesSent++;
        BytesSent += message.Length;
        return SctpSendResult.Success;
    }

    /// <summary>
    /// Graceful close (RFC 9260 §9.2): once every queued message is acknowledged, SHUTDOWN / SHUTDOWN ACK /
    /// SHUTDOWN COMPLETE, then <see cref="SctpState.Closed"/>. Before the association is up, it aborts.
    /// </summary>
    public void Close(Instant now)
    {
        _now = now;
        switch (_protocolState)
        {
            case ProtocolState.Established:
                _protocolState = ProtocolState.ShutdownPending;
                TryProgressShutdown(now);
                break;
            case ProtocolState.CookieWait:
            case ProtocolState.CookieEchoed:
                Abort(now);
                break;
            case ProtocolState.Closed:
                EnterClosed(SctpState.Closed);
                break;
        }
    }

    /// <summary>Sends ABORT with a User-Initiated Abort cause (when the peer's tag is known) and closes at once.</summary>
    public void Abort(Instant now)
    {
        _now = now;
        if (_state is SctpState.Closed or SctpState.Failed)
        {
            return;
        }

        if (_protocolState >= ProtocolState.CookieEchoed)
        {
            QueueAbort(_peerTag, tagReflected: false, SctpErrorCauseCode.UserInitiatedAbort);
        }

        EnterClosed(SctpState.Closed);
    }

    /// <summary>The next event, if any. Returns the previous event's message buffer to the pool (see <see cref="SctpEvent"/>).</summary>
    public bool TryPollEvent(out SctpEvent e)
    {
        if (_lastPolledBuffer is not null)
        {
            _buffers.Return(_lastPolledBuffer);
            _lastPolledBuffer = null;
        }

        if (_events.Count == 0)
        {
            e = default;
            return false;
        }

        e = _events.PopFront();
        _lastPolledBuffer = e.MessageSegment.Array;
        return true;
    }

    /// <summary>Returns every pooled buffer. The association is closed afterwards.</summary>
    public void Dispose()
    {
        if (_state is not (SctpState.Closed or SctpState.Failed))
        {
            EnterClosed(SctpState.Closed);
        }

        ReleaseAll();
        while (_events.Count > 0)
        {
            SctpEvent e = _events.PopFront();
            if (e.MessageSegment.Array is { } array)
            {
                _buffers.Return(array);
            }
        }

        if (_lastPolledBuffer is not null)
        {
            _buffers.Return(_lastPolledBuffer);
            _lastPolledBuffer = null;
        }
    }

    /// <summary>Runs the timers that are due at <paramref name="now"/>.</summary>
    public void HandleTimeout(Instant now)
    {
        _now = now;
        if (_t1At <= now)
        {
            OnT1Expired(now);
        }

        if (_t2At <= now)
        {
            OnT2Expired(now);
        }

        if (_t3At <= now)
        {
            OnT3Expired(now);
        }

        if (_reconfigAt <= now)
        {
            OnReConfigTimerExpired();
        }

        if (_sackAt <= now)
        {
            _sackAt = Instant.MaxValue;
            _sackNow = true;
        }
    }

    private void OnT1Expired(Instant now)
    {
        _t1At = Instant.MaxValue;
        byte[]? packet = _protocolState switch
        {
            ProtocolState.CookieWait => _initPacket,
            ProtocolState.CookieEchoed => _cookieEchoPacket,
            _ => null,
        };
        if (packet is null)
        {
            return;
        }

        if (++_t1Count > _options.MaxInitRetransmits)
        {
            EnterClosed(SctpState.Failed);
            return;
        }

        _rtoUs = Math.Min(_rtoUs * 2, ToUs(_options.RtoMax));
        _rawPackets.PushBack(packet);
        _t1At = now.AddMicroseconds(_rtoUs);
    }

    private void OnT2Expired(Instant now)
    {
        _t2At = Instant.MaxValue;
        if (_protocolState is not (ProtocolState.ShutdownSent or ProtocolState.ShutdownAckSent))
        {
            return;
        }

        if (++_t2Count > _options.MaxAssociationRetransmits)
        {
            EnterClosed(SctpState.Failed);
            return;
        }

        _rtoUs = Math.Min(_rtoUs * 2, ToUs(_options.RtoMax));
        if (_protocolState == ProtocolState.ShutdownSent)
        {
            _sendShutdown = true;
        }
        else
        {
            _sendShutdownAck = true;
        }

        _t2At = now.AddMicroseconds(_rtoUs);
    }

    private void SetState(SctpState state)
    {
        if (_state == state)
        {
            return;
        }

        _state = state;
        _events.PushBack(new SctpEvent(SctpEventKind.StateChanged, state));
    }

    private void EnterClosed(SctpState finalState)
    {
        _protocolState = ProtocolState.Closed;
        _t1At = _t2At = _t3At = _reconfigAt = _sackAt = Instant.MaxValue;
        _sackNow = false;
        _sendCookieAck = _sendShutdown = _sendShutdownAck = false;
        _forwardTsnPending = _fastRetransmitPending = false;
        _reconfigSendNow = false;
        ReleaseAll();
        SetState(finalState);
    }

    /// <summary>Gives back every queued message, outstanding chunk and held inbound chunk.</summary>
    private void ReleaseAll()
    {
        while (_sent.Count > 0)
        {
            OutboundChunk c = _sent.PopFront();
            ReleaseChunk(c);
        }

        if (_current is not null)
        {
            ReturnMessage(_current);
            _current = null;
        }

        while (_pending.Count > 0)
        {
            ReturnMessage(_pending.PopFront());
        }

        _buffered = 0;
        Array.Clear(_bufferedPerStream);
        _flightSize = 0;
        while (_unordered.Count > 0)
        {
            ReturnInbound(_unordered.PopFront());
        }

        foreach (InboundStream? s in _inbound)
        {
            while (s is not null && s.Chunks.Count > 0)
            {
                ReturnInbound(s.Chunks.PopFront());
            }
        }

        _heldBytes = 0;
    }

    private void Drop(SctpDropReason reason) => _drops[(int)reason]++;

    private static long ToUs(TimeSpan t) => t.Ticks / 10;

    private uint NextUInt32()
    {
        Span<byte> b = stackalloc byte[4];
        FillRandom(b);
        return BitConverter.ToUInt32(b);
    }

    private uint NextNonZeroUInt32()
    {
        uint v;
        do
        {
            v = NextUInt32();
        }
        while (v == 0);
        return v;
    }

    private void FillRandom(Span<byte> destination)
    {
        if (_random is not null)
        {
            _random.NextBytes(destination);
        }
        else
        {
            RandomNumberGenerator.Fill(destination);
        }
    }
}
