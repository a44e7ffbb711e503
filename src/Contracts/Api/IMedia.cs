using System.Text.Json.Nodes;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Events;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Api;

/// <summary>mediasoup's Transport, common to every kind (T1–T10).</summary>
public interface ITransport
{
    string Id { get; }

    string RouterId { get; }

    JsonObject AppData { get; }

    bool IsClosed { get; }

    /// <summary>Closes the transport and its producers and consumers. Idempotent.</summary>
    Task CloseAsync(CancellationToken cancellationToken = default);

    Task<BaseTransportDump> DumpAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BaseTransportStats>> GetStatsAsync(CancellationToken cancellationToken = default);

    /// <summary>T2 / P1–P4.</summary>
    Task<IProducer> ProduceAsync(ProducerOptions options, CancellationToken cancellationToken = default);

    /// <summary>T3 / C1–C4.</summary>
    Task<IConsumer> ConsumeAsync(ConsumerOptions options, CancellationToken cancellationToken = default);

    /// <summary>T4: the most senders may send to this transport, in bps; 0 = no limit.</summary>
    Task SetMaxIncomingBitrateAsync(long bitrate, CancellationToken cancellationToken = default);

    /// <summary>T5: 0, or at least 30000 and not below the minimum outgoing bitrate.</summary>
    Task SetMaxOutgoingBitrateAsync(long bitrate, CancellationToken cancellationToken = default);

    /// <summary>T5: 0, or at least 30000 and not above the maximum outgoing bitrate.</summary>
    Task SetMinOutgoingBitrateAsync(long bitrate, CancellationToken cancellationToken = default);

    /// <summary>T6: the trace event types to emit (<c>probation</c>, <c>bwe</c>); unknown types are dropped, none resets.</summary>
    Task EnableTraceEventAsync(IReadOnlyList<string>? types = null, CancellationToken cancellationToken = default);

    /// <summary>The transport closed: by <see cref="CloseAsync"/> (<c>app</c>), or with its router (<c>routerclose</c>), …</summary>
    event EventHandler<ClosedEventArgs>? Closed;

    /// <summary>T6: a trace event of an enabled type (<c>probation</c>, <c>bwe</c>; none in this build, which has no BWE).</summary>
    event EventHandler<TraceEvent>? Trace;

    /// <summary>
    /// mediasoup's <c>sctpState</c>: null when the transport was created without SCTP; otherwise <c>new</c>, then as
    /// <see cref="SctpStateChanged"/> reports, and <c>closed</c> once the transport closed (WT9).
    /// </summary>
    SctpState? SctpState { get; }

    /// <summary>WT8 / PT6 <c>sctpstatechange</c>: the SCTP association is connecting, connected, failed or closed.</summary>
    event EventHandler<SctpState>? SctpStateChanged;
}

/// <summary>mediasoup's PlainTransport (PT1–PT8).</summary>
public interface IPlainTransport : ITransport
{
    TransportTuple Tuple { get; }

    TransportTuple? RtcpTuple { get; }

    SctpParameters? SctpParameters { get; }

    SrtpParameters? SrtpParameters { get; }

    /// <summary>PT3: the remote address (not with comedia), RTCP port without rtcp-mux, and SRTP parameters.</summary>
    Task ConnectAsync(PlainTransportConnectParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>PT4: comedia learned the remote RTP tuple.</summary>
    event EventHandler<TransportTuple>? TupleChanged;

    /// <summary>PT4: comedia learned the remote RTCP tuple (without rtcp-mux).</summary>
    event EventHandler<TransportTuple>? RtcpTupleChanged;
}

/// <summary>mediasoup's PipeTransport (PP1–PP4).</summary>
public interface IPipeTransport : ITransport
{
    TransportTuple Tuple { get; }

    SctpParameters? SctpParameters { get; }

    SrtpParameters? SrtpParameters { get; }

    Task ConnectAsync(PipeTransportConnectParameters parameters, CancellationToken cancellationToken = default);
}

/// <summary>mediasoup's Producer (P1–P13).</summary>
public interface IProducer
{
    string Id { get; }

    string TransportId { get; }

    MediaKind Kind { get; }

    RtpParameters RtpParameters { get; }

    ProducerType Type { get; }

    bool IsPaused { get; }

    IReadOnlyList<ProducerScore> Score { get; }

    JsonObject AppData { get; }

    bool IsClosed { get; }

    Task CloseAsync(CancellationToken cancellationToken = default);

    Task PauseAsync(CancellationToken cancellationToken = default);

    Task ResumeAsync(CancellationToken cancellationToken = default);

    Task<ProducerDump> DumpAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RtpStreamStats>> GetStatsAsync(CancellationToken cancellationToken = default);

    /// <summary>P9: <c>rtp</c>, <c>keyframe</c>, <c>nack</c>, <c>pli</c>, <c>fir</c>, <c>sr</c>; unknown types are dropped, none resets.</summary>
    Task EnableTraceEventAsync(IReadOnlyList<string>? types = null, CancellationToken cancellationToken = default);

    event EventHandler<ClosedEventArgs>? Closed;

    /// <summary>P7.</summary>
    event EventHandler<IReadOnlyList<ProducerScore>>? ScoreChanged;

    /// <summary>P8.</summary>
    event EventHandler<ProducerVideoOrientation>? VideoOrientationChanged;

    /// <summary>
    /// P9: a trace event of a type enabled with <see cref="EnableTraceEventAsync"/>: <c>rtp</c>/<c>keyframe</c> (in) for each
    /// RTP packet received (<c>keyframe</c> for the packets of a key frame when enabled), <c>nack</c>/<c>pli</c>/<c>fir</c>
    /// (out) for each request sent to the sender, <c>sr</c> (in) for each sender report.
    /// </summary>
    event EventHandler<TraceEvent>? Trace;
}

/// <summary>mediasoup's Consumer (C1–C15).</summary>
public interface IConsumer
{
    string Id { get; }

    string TransportId { get; }

    string ProducerId { get; }

    MediaKind Kind { get; }

    RtpParameters RtpParameters { get; }

    ConsumerType Type { get; }

    bool IsPaused { get; }

    bool IsProducerPaused { get; }

    int Priority { get; }

    ConsumerScore Score { get; }

    /// <summary>C4/C7: null for simple and pipe consumers.</summary>
    ConsumerLayers? PreferredLayers { get; }

    /// <summary>C10: the layers being forwarded; null for simple and pipe consumers, or when nothing is forwarded.</summary>
    ConsumerLayers? CurrentLayers { get; }

    JsonObject AppData { get; }

    bool IsClosed { get; }

    Task CloseAsync(CancellationToken cancellationToken = default);

    Task PauseAsync(CancellationToken cancellationToken = default);

    Task ResumeAsync(CancellationToken cancellationToken = default);

    /// <summary>C9: sends a PLI or FIR to the producer.</summary>
    Task RequestKeyFrameAsync(CancellationToken cancellationToken = default);

    /// <summary>C7: a no-op for simple and pipe consumers.</summary>
    Task SetPreferredLayersAsync(ConsumerPreferredLayers layers, CancellationToken cancellationToken = default);

    /// <summary>C8: 1–255.</summary>
    Task SetPriorityAsync(int priority, CancellationToken cancellationToken = default);

    /// <summary>C8: back to priority 1.</summary>
    Task UnsetPriorityAsync(CancellationToken cancellationToken = default);

    /// <summary>C11: <c>rtp</c>, <c>keyframe</c>, <c>nack</c>, <c>pli</c>, <c>fir</c>; unknown types are dropped, none resets.</summary>
    Task EnableTraceEventAsync(IReadOnlyList<string>? types = null, CancellationToken cancellationToken = default);

    Task<ConsumerDump> DumpAsync(CancellationToken cancellationToken = default);

    /// <summary>C12: outbound-rtp, then the producer stream's inbound-rtp once it exists.</summary>
    Task<IReadOnlyList<RtpStreamStats>> GetStatsAsync(CancellationToken cancellationToken = default);

    event EventHandler<ClosedEventArgs>? Closed;

    /// <summary>C6.</summary>
    event EventHandler? ProducerPaused;

    /// <summary>C6.</summary>
    event EventHandler? ProducerResumed;

    /// <summary>C10.</summary>
    event EventHandler<ConsumerScore>? ScoreChanged;

    /// <summary>
    /// C11: a trace event of a type enabled with <see cref="EnableTraceEventAsync"/>: <c>rtp</c>/<c>keyframe</c> (out) for
    /// each RTP packet sent to the receiver, <c>nack</c>/<c>pli</c>/<c>fir</c> (in) for each request from the receiver.
    /// </summary>
    event EventHandler<TraceEvent>? Trace;
}

/// <summary><c>router.pipeToRouter</c>'s result for a producer.</summary>
public sealed record PipeToRouterResult(IConsumer PipeConsumer, IProducer PipeProducer);
