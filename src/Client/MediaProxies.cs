using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Events;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;
using Sfu.Contracts.Wire;

namespace Sfu.Client;

/// <summary>State and events every proxied entity shares: closed once, with a reason.</summary>
internal abstract class EntityProxy(SfuClient client)
{
    private int _closed;

    protected SfuClient Client => client;

    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    public event EventHandler<ClosedEventArgs>? Closed;

    /// <summary>Marks closed and raises <see cref="Closed"/> once; false if it was already closed.</summary>
    internal bool MarkClosed(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return false;
        }
        client.Forget(this);
        OnClosing();
        Raise(Closed, new ClosedEventArgs(reason));
        return true;
    }

    /// <summary>Local state that follows the close (e.g. a transport's sctpState), set before <see cref="Closed"/> is raised.</summary>
    protected virtual void OnClosing()
    {
    }

    /// <summary>Closes by request: local state first (mediasoup's close() is synchronous), then the node.</summary>
    protected async Task CloseByRequestAsync(string method, string idField, string id, CancellationToken cancellationToken, params (string, object?)[] extra)
    {
        if (!MarkClosed(CloseReasons.App))
        {
            return;
        }
        await client.RequestAsync(method, SfuClient.ToData(null, [(idField, id), .. extra]), cancellationToken).ConfigureAwait(false);
    }

    protected void Raise<T>(EventHandler<T>? handler, T args)
    {
        try
        {
            handler?.Invoke(this, args);
        }
        catch (Exception)
        {
            // A listener's failure is its own (mediasoup's 'listenererror').
        }
    }

    protected void Raise(EventHandler? handler)
    {
        try
        {
            handler?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception)
        {
        }
    }
}

internal abstract class TransportProxy(SfuClient client, string id, string routerId, JsonObject appData, SctpState? sctpState)
    : EntityProxy(client), ITransport
{
    private SctpState? _sctpState = sctpState;

    public string Id => id;

    public SctpState? SctpState => _sctpState;

    public event EventHandler<SctpState>? SctpStateChanged;

    public string RouterId => routerId;

    public JsonObject AppData => appData;

    public Task CloseAsync(CancellationToken cancellationToken = default) =>
        CloseByRequestAsync(WireMethods.TransportClose, "transportId", Id, cancellationToken);

    public async Task<BaseTransportDump> DumpAsync(CancellationToken cancellationToken = default) =>
        ReadDump(await Request(WireMethods.TransportDump, null, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<BaseTransportStats>> GetStatsAsync(CancellationToken cancellationToken = default) =>
        SfuClient.Read<List<BaseTransportStats>>(await Request(WireMethods.TransportGetStats, null, cancellationToken).ConfigureAwait(false));

    public async Task<IProducer> ProduceAsync(ProducerOptions options, CancellationToken cancellationToken = default)
    {
        var info = SfuClient.Read<ProducerInfo>(await Request(WireMethods.TransportProduce, options, cancellationToken).ConfigureAwait(false));
        return Client.Track(new ProducerProxy(Client, info));
    }

    public async Task<IConsumer> ConsumeAsync(ConsumerOptions options, CancellationToken cancellationToken = default)
    {
        var info = SfuClient.Read<ConsumerInfo>(await Request(WireMethods.TransportConsume, options, cancellationToken).ConfigureAwait(false));
        return Client.Track(new ConsumerProxy(Client, info));
    }

    public Task SetMaxIncomingBitrateAsync(long bitrate, CancellationToken cancellationToken = default) =>
        Client.RequestAsync(WireMethods.TransportSetMaxIncomingBitrate, SfuClient.ToData(null, ("transportId", Id), ("bitrate", bitrate)), cancellationToken);

    public Task SetMaxOutgoingBitrateAsync(long bitrate, CancellationToken cancellationToken = default) =>
        Client.RequestAsync(WireMethods.TransportSetMaxOutgoingBitrate, SfuClient.ToData(null, ("transportId", Id), ("bitrate", bitrate)), cancellationToken);

    public Task SetMinOutgoingBitrateAsync(long bitrate, CancellationToken cancellationToken = default) =>
        Client.RequestAsync(WireMethods.TransportSetMinOutgoingBitrate, SfuClient.ToData(null, ("transportId", Id), ("bitrate", bitrate)), cancellationToken);

    public Task EnableTraceEventAsync(IReadOnlyList<string>? types = null, CancellationToken cancellationToken = default) =>
        Client.RequestAsync(WireMethods.TransportEnableTraceEvent,
            SfuClient.ToData(null, ("transportId", Id), ("types", types ?? Array.Empty<string>())), cancellationToken);

    public event EventHandler<TraceEvent>? Trace;

    /// <summary>A notification for this transport; a kind handles its own first and passes the rest here.</summary>
    internal virtual void OnNotification(WireNotification notification)
    {
        switch (notification.Method)
        {
            case WireMethods.TransportTraceNotification:
                Raise(Trace, SfuClient.Read<TraceEvent>(notification.Data.GetProperty("trace")));
                break;
            case WireMethods.TransportSctpStateChangeNotification when !IsClosed:
                var state = SfuClient.Read<SctpState>(notification.Data.GetProperty("sctpState"));
                _sctpState = state;
                Raise(SctpStateChanged, state);
                break;
        }
    }

    /// <summary>WT9: after any close path the SCTP state reads closed (when SCTP was enabled).</summary>
    protected override void OnClosing()
    {
        if (_sctpState is not null)
        {
            _sctpState = Contracts.Transports.SctpState.Closed;
        }
    }

    protected abstract BaseTransportDump ReadDump(JsonElement data);

    protected Task<JsonElement> Request(string method, object? options, CancellationToken cancellationToken) =>
        Client.RequestAsync(method, SfuClient.ToData(options, ("transportId", Id)), cancellationToken);
}

internal sealed class PlainTransportProxy(SfuClient client, PlainTransportInfo info)
    : TransportProxy(client, info.Id, info.RouterId, info.AppData, info.SctpState), IPlainTransport
{
    private TransportTuple _tuple = info.Tuple;
    private TransportTuple? _rtcpTuple = info.RtcpTuple;
    private SrtpParameters? _srtpParameters = info.SrtpParameters;

    public TransportTuple Tuple => _tuple;

    public TransportTuple? RtcpTuple => _rtcpTuple;

    public SctpParameters? SctpParameters => info.SctpParameters;

    public SrtpParameters? SrtpParameters => _srtpParameters;

    public event EventHandler<TransportTuple>? TupleChanged;

    public event EventHandler<TransportTuple>? RtcpTupleChanged;

    public async Task ConnectAsync(PlainTransportConnectParameters parameters, CancellationToken cancellationToken = default)
    {
        var data = await Request(WireMethods.TransportConnect, parameters, cancellationToken).ConfigureAwait(false);
        var connected = SfuClient.Read<PlainTransportInfo>(data);
        _tuple = connected.Tuple;
        _rtcpTuple = connected.RtcpTuple;
        _srtpParameters = connected.SrtpParameters;
    }

    internal override void OnNotification(WireNotification notification)
    {
        switch (notification.Method)
        {
            case WireMethods.TransportTupleNotification:
                _tuple = SfuClient.Read<TransportTuple>(notification.Data.GetProperty("tuple"));
                Raise(TupleChanged, _tuple);
                break;
            case WireMethods.TransportRtcpTupleNotification:
                var rtcpTuple = SfuClient.Read<TransportTuple>(notification.Data.GetProperty("rtcpTuple"));
                _rtcpTuple = rtcpTuple;
                Raise(RtcpTupleChanged, rtcpTuple);
                break;
            default:
                base.OnNotification(notification);
                break;
        }
    }

    protected override BaseTransportDump ReadDump(JsonElement data) => SfuClient.Read<PlainTransportDump>(data);
}

internal sealed class PipeTransportProxy(SfuClient client, PipeTransportInfo info)
    : TransportProxy(client, info.Id, info.RouterId, info.AppData, info.SctpState), IPipeTransport
{
    private TransportTuple _tuple = info.Tuple;

    public TransportTuple Tuple => _tuple;

    public SctpParameters? SctpParameters => info.SctpParameters;

    public SrtpParameters? SrtpParameters => info.SrtpParameters;

    public async Task ConnectAsync(PipeTransportConnectParameters parameters, CancellationToken cancellationToken = default)
    {
        var data = await Request(WireMethods.TransportConnect, parameters, cancellationToken).ConfigureAwait(false);
        _tuple = SfuClient.Read<PipeTransportInfo>(data).Tuple;
    }

    protected override BaseTransportDump ReadDump(JsonElement data) => SfuClient.Read<PipeTransportDump>(data);
}

internal sealed class ProducerProxy(SfuClient client, ProducerInfo info) : EntityProxy(client), IProducer
{
    private volatile bool _paused = info.Paused;
    private IReadOnlyList<ProducerScore> _score = info.Score;

    public string Id => info.Id;

    public string TransportId => info.TransportId;

    public MediaKind Kind => info.Kind;

    public RtpParameters RtpParameters => info.RtpParameters;

    public ProducerType Type => info.Type;

    public bool IsPaused => _paused;

    public IReadOnlyList<ProducerScore> Score => _score;

    public JsonObject AppData => info.AppData;

    public event EventHandler<IReadOnlyList<ProducerScore>>? ScoreChanged;

    public event EventHandler<ProducerVideoOrientation>? VideoOrientationChanged;

    public event EventHandler<TraceEvent>? Trace;

    public Task CloseAsync(CancellationToken cancellationToken = default) =>
        CloseByRequestAsync(WireMethods.ProducerClose, "producerId", Id, cancellationToken, ("transportId", TransportId));

    public async Task PauseAsync(CancellationToken cancellationToken = default)
    {
        await Request(WireMethods.ProducerPause, cancellationToken).ConfigureAwait(false);
        _paused = true;
    }

    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        await Request(WireMethods.ProducerResume, cancellationToken).ConfigureAwait(false);
        _paused = false;
    }

    public async Task<ProducerDump> DumpAsync(CancellationToken cancellationToken = default) =>
        SfuClient.Read<ProducerDump>(await Request(WireMethods.ProducerDump, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<RtpStreamStats>> GetStatsAsync(CancellationToken cancellationToken = default) =>
        SfuClient.Read<List<RtpStreamStats>>(await Request(WireMethods.ProducerGetStats, cancellationToken).ConfigureAwait(false));

    public Task EnableTraceEventAsync(IReadOnlyList<string>? types = null, CancellationToken cancellationToken = default) =>
        Client.RequestAsync(WireMethods.ProducerEnableTraceEvent,
            SfuClient.ToData(null, ("producerId", Id), ("transportId", TransportId), ("types", types ?? Array.Empty<string>())), cancellationToken);

    internal void OnNotification(WireNotification notification)
    {
        switch (notification.Method)
        {
            case WireMethods.ProducerScoreNotification:
                _score = SfuClient.Read<List<ProducerScore>>(notification.Data.GetProperty("score"));
                Raise(ScoreChanged, _score);
                break;
            case WireMethods.ProducerPauseNotification:
                _paused = true;
                break;
            case WireMethods.ProducerResumeNotification:
                _paused = false;
                break;
            case WireMethods.ProducerVideoOrientationChangeNotification:
                Raise(VideoOrientationChanged, SfuClient.Read<ProducerVideoOrientation>(notification.Data.GetProperty("videoOrientation")));
                break;
            case WireMethods.ProducerTraceNotification:
                Raise(Trace, SfuClient.Read<TraceEvent>(notification.Data.GetProperty("trace")));
                break;
        }
    }

    private Task<JsonElement> Request(string method, CancellationToken cancellationToken) =>
        Client.RequestAsync(method, SfuClient.ToData(null, ("producerId", Id), ("transportId", TransportId)), cancellationToken);
}

internal sealed class ConsumerProxy(SfuClient client, ConsumerInfo info) : EntityProxy(client), IConsumer
{
    private volatile bool _paused = info.Paused;
    private volatile bool _producerPaused = info.ProducerPaused;
    private ConsumerScore _score = info.Score;
    private ConsumerLayers? _preferredLayers = info.PreferredLayers;
    private volatile int _priority = info.Priority;

    public string Id => info.Id;

    public string TransportId => info.TransportId;

    public string ProducerId => info.ProducerId;

    public MediaKind Kind => info.Kind;

    public RtpParameters RtpParameters => info.RtpParameters;

    public ConsumerType Type => info.Type;

    public bool IsPaused => _paused;

    public bool IsProducerPaused => _producerPaused;

    public int Priority => _priority;

    public ConsumerScore Score => _score;

    public ConsumerLayers? PreferredLayers => _preferredLayers;

    public ConsumerLayers? CurrentLayers => info.CurrentLayers;

    public JsonObject AppData => info.AppData;

    public event EventHandler? ProducerPaused;

    public event EventHandler? ProducerResumed;

    public event EventHandler<ConsumerScore>? ScoreChanged;

    public event EventHandler<TraceEvent>? Trace;

    public Task CloseAsync(CancellationToken cancellationToken = default) =>
        CloseByRequestAsync(WireMethods.ConsumerClose, "consumerId", Id, cancellationToken);

    public async Task PauseAsync(CancellationToken cancellationToken = default)
    {
        await Request(WireMethods.ConsumerPause, cancellationToken).ConfigureAwait(false);
        _paused = true;
    }

    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        await Request(WireMethods.ConsumerResume, cancellationToken).ConfigureAwait(false);
        _paused = false;
    }

    public Task RequestKeyFrameAsync(CancellationToken cancellationToken = default) =>
        Request(WireMethods.ConsumerRequestKeyFrame, cancellationToken);

    public async Task SetPreferredLayersAsync(ConsumerPreferredLayers layers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var data = await Client.RequestAsync(WireMethods.ConsumerSetPreferredLayers,
            SfuClient.ToData(layers, ("consumerId", Id)), cancellationToken).ConfigureAwait(false);
        _preferredLayers = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("preferredLayers", out var preferred)
            && preferred.ValueKind == JsonValueKind.Object
            ? SfuClient.Read<ConsumerLayers>(preferred)
            : null;
    }

    public async Task SetPriorityAsync(int priority, CancellationToken cancellationToken = default)
    {
        await Client.RequestAsync(WireMethods.ConsumerSetPriority,
            SfuClient.ToData(null, ("consumerId", Id), ("priority", priority)), cancellationToken).ConfigureAwait(false);
        _priority = priority;
    }

    public async Task UnsetPriorityAsync(CancellationToken cancellationToken = default)
    {
        await Request(WireMethods.ConsumerUnsetPriority, cancellationToken).ConfigureAwait(false);
        _priority = 1;
    }

    public Task EnableTraceEventAsync(IReadOnlyList<string>? types = null, CancellationToken cancellationToken = default) =>
        Client.RequestAsync(WireMethods.ConsumerEnableTraceEvent,
            SfuClient.ToData(null, ("consumerId", Id), ("types", types ?? Array.Empty<string>())), cancellationToken);

    public async Task<ConsumerDump> DumpAsync(CancellationToken cancellationToken = default) =>
        SfuClient.Read<ConsumerDump>(await Request(WireMethods.ConsumerDump, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<RtpStreamStats>> GetStatsAsync(CancellationToken cancellationToken = default) =>
        SfuClient.Read<List<RtpStreamStats>>(await Request(WireMethods.ConsumerGetStats, cancellationToken).ConfigureAwait(false));

    internal void OnNotification(WireNotification notification)
    {
        switch (notification.Method)
        {
            case WireMethods.ConsumerProducerPauseNotification:
                _producerPaused = true;
                Raise(ProducerPaused);
                break;
            case WireMethods.ConsumerProducerResumeNotification:
                _producerPaused = false;
                Raise(ProducerResumed);
                break;
            case WireMethods.ConsumerScoreNotification:
                _score = SfuClient.Read<ConsumerScore>(notification.Data.GetProperty("score"));
                Raise(ScoreChanged, _score);
                break;
            case WireMethods.ConsumerTraceNotification:
                Raise(Trace, SfuClient.Read<TraceEvent>(notification.Data.GetProperty("trace")));
                break;
        }
    }

    private Task<JsonElement> Request(string method, CancellationToken cancellationToken) =>
        Client.RequestAsync(method, SfuClient.ToData(null, ("consumerId", Id)), cancellationToken);
}
