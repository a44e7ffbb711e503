namespace Sfu.Media.Sctp;

/// <summary>mediasoup's sctpState (<c>new|connecting|connected|failed|closed</c>).</summary>
public enum SctpState
{
    New,
    Connecting,
    Connected,
    Failed,
    Closed,
}

/// <summary>What an <see cref="SctpEvent"/> reports.</summary>
public enum SctpEventKind
{
    /// <summary><see cref="SctpEvent.State"/> is the new state.</summary>
    StateChanged,

    /// <summary>A whole message: <see cref="SctpEvent.StreamId"/>, <see cref="SctpEvent.PayloadProtocolIdentifier"/>, <see cref="SctpEvent.Message"/>.</summary>
    MessageReceived,

    /// <summary>The peer reset these incoming streams (their sequence numbers restart at 0): <see cref="SctpEvent.Streams"/>.</summary>
    IncomingStreamsReset,

    /// <summary>An outgoing stream reset this side asked for was performed by the peer: <see cref="SctpEvent.Streams"/>.</summary>
    OutgoingStreamsReset,

    /// <summary>The buffered amount fell to or below <see cref="SctpAssociation.BufferedAmountLowThreshold"/>: <see cref="SctpEvent.BufferedAmount"/>.</summary>
    BufferedAmountLow,

    /// <summary>
    /// A received message was larger than <see cref="SctpAssociationOptions.MaxMessageSize"/> and was dropped
    /// (its TSNs are acknowledged; the bytes are lost): <see cref="SctpEvent.StreamId"/>, <see cref="SctpEvent.BufferedAmount"/> = its size.
    /// </summary>
    MessageTooLarge,
}

/// <summary>
/// One thing that happened in an <see cref="SctpAssociation"/>, polled with <see cref="SctpAssociation.TryPollEvent"/>.
/// </summary>
/// <remarks>
/// <b>Ownership of <see cref="Message"/>.</b> The bytes live in an array from the association's own buffer pool;
/// they stay valid until the next call to <see cref="SctpAssociation.TryPollEvent"/> (or
/// <see cref="SctpAssociation.Dispose"/>), which takes the array back. Copy them to keep them.
/// </remarks>
public readonly struct SctpEvent
{
    internal SctpEvent(SctpEventKind kind, SctpState state = default, ushort streamId = 0, uint ppid = 0,
        ArraySegment<byte> message = default, ushort[]? streams = null, long amount = 0)
    {
        Kind = kind;
        State = state;
        StreamId = streamId;
        PayloadProtocolIdentifier = ppid;
        MessageSegment = message;
        Streams = streams ?? [];
        BufferedAmount = amount;
    }

    public SctpEventKind Kind { get; }

    public SctpState State { get; }

    public ushort StreamId { get; }

    public uint PayloadProtocolIdentifier { get; }

    /// <summary>The message bytes (see the remarks for how long they stay valid).</summary>
    public ReadOnlySpan<byte> Message => MessageSegment.AsSpan();

    internal ArraySegment<byte> MessageSegment { get; }

    public IReadOnlyList<ushort> Streams { get; }

    public long BufferedAmount { get; }

    public override string ToString() => Kind switch
    {
        SctpEventKind.StateChanged => $"StateChanged({State})",
        SctpEventKind.MessageReceived => $"MessageReceived(stream {StreamId}, ppid {PayloadProtocolIdentifier}, {MessageSegment.Count} bytes)",
        SctpEventKind.IncomingStreamsReset or SctpEventKind.OutgoingStreamsReset => $"{Kind}([{string.Join(',', Streams)}])",
        _ => $"{Kind}({BufferedAmount})",
    };
}

/// <summary>The outcome of <see cref="SctpAssociation.Send"/>.</summary>
public enum SctpSendResult
{
    /// <summary>Queued; it goes out as the congestion and receive windows allow.</summary>
    Success,

    /// <summary>The send buffer cannot take the message (mediasoup's 'sctpsendbufferfull').</summary>
    SendBufferFull,

    /// <summary>Larger than <see cref="SctpAssociationOptions.MaxMessageSize"/>.</summary>
    MessageTooLarge,

    /// <summary>SCTP cannot carry an empty user message (RFC 9260 §6.2; WebRTC maps empty messages to PPIDs 56/57 above this layer).</summary>
    EmptyMessage,

    /// <summary>The stream id is not below the negotiated number of outgoing streams.</summary>
    InvalidStream,

    /// <summary>Both maxRetransmits and maxPacketLifeTime, or a negative value.</summary>
    InvalidReliability,

    /// <summary>The association is closed, failed or shutting down.</summary>
    InvalidState,
}

/// <summary>Why a received packet (or part of it) was dropped; counted per reason.</summary>
public enum SctpDropReason
{
    /// <summary>Shorter than the common header, or a chunk or parameter runs past the end.</summary>
    Malformed,
    BadChecksum,
    WrongPort,
    BadVerificationTag,

    /// <summary>A chunk that this state does not accept (e.g. DATA before the association is up).</summary>
    UnexpectedChunk,

    /// <summary>A packet for no association (RFC 9260 §8.4), e.g. anything but INIT while closed.</summary>
    OutOfTheBlue,
    InvalidCookie,
    StaleCookie,

    /// <summary>An unknown chunk type whose upper bits say "stop processing the packet".</summary>
    UnrecognizedChunk,

    /// <summary>DATA beyond the receive window or the TSN tracking window (not acknowledged: the peer resends it).</summary>
    ReceiveWindowFull,

    /// <summary>DATA on a stream at or above the negotiated inbound stream count (acknowledged, reported with an ERROR).</summary>
    InvalidStream,
}
