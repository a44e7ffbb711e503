using System.Text.Json.Nodes;
using Sfu.Actors.Cluster;
using Sfu.Actors.Runtime;
using Sfu.Actors.Workers;
using Sfu.Contracts;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Options;
using Sfu.Media.Net;
using Sfu.Media.Ortc;

namespace Sfu.Actors.Entities;

/// <summary>
/// mediasoup's Worker, as an actor on its own media thread. Routers are its children, so stopping the worker stops
/// them (each closing with reason <c>workerclose</c>).
/// </summary>
public sealed class WorkerActor : ReceiveActor
{
    private readonly MediaWorker _worker;
    private readonly EntityContext _context;
    private readonly List<string> _routerIds = new();

    public WorkerActor(MediaWorker worker, EntityContext context, WorkerLogLevel logLevel, IReadOnlyList<string> logTags)
    {
        _worker = worker;
        _context = context;
        LogLevel = logLevel;
        LogTags = logTags;

        Receive<WorkerProtocol.CreateRouter>(OnCreateRouter);
        Receive<WorkerProtocol.RouterClosed>(closed =>
        {
            if (_routerIds.Remove(closed.RouterId))
            {
                _worker.RouterCountChanged(-1);
            }
        });
        Receive<WorkerProtocol.Dump>(_ => Sender.Tell(Dump()));
        Receive<WorkerProtocol.GetResourceUsage>(_ => Sender.Tell(ReadResourceUsage()));
        Receive<WorkerProtocol.UpdateSettings>(update =>
        {
            var tags = update.Settings.LogTags;
            LogLevel = update.Settings.LogLevel ?? LogLevel;
            if (tags is not null)
            {
                LogTags = tags.Where(WorkerLogTags.IsKnown).Distinct().ToArray();
            }
            Sender.Tell(Done.Instance);
        });
    }

    public WorkerLogLevel LogLevel { get; private set; }

    public IReadOnlyList<string> LogTags { get; private set; }

    private void OnCreateRouter(WorkerProtocol.CreateRouter create)
    {
        // ORTC-1 first: bad codecs fail the request (TypeError / UnsupportedError) before anything exists.
        var capabilities = Ortc.GenerateRouterRtpCapabilities(create.MediaCodecs);
        var appData = create.AppData ?? new JsonObject();
        var routerId = create.RouterId;
        var router = Context.ActorOf(
            Props.Create(() => new RouterActor(routerId, capabilities, _context)).WithDispatcher(_worker.Dispatcher));
        _context.Registry.Add(new EntityEntry(EntityKind.Router, routerId, router, _worker.WorkerId, routerId, null));
        _routerIds.Add(routerId);
        _worker.RouterCountChanged(+1);
        Sender.Tell(new WorkerProtocol.RouterCreated(routerId, capabilities, appData));
    }

    private WorkerDump Dump()
    {
        var handlers = _context.Registry.All
            .Where(e => e.WorkerId == _worker.WorkerId)
            .Select(e => e.Id)
            .Distinct()
            .ToArray();
        return new WorkerDump
        {
            Pid = Environment.ProcessId,
            WebRtcServerIds = [],
            RouterIds = _routerIds.ToArray(),
            ChannelMessageHandlers = new WorkerChannelMessageHandlers
            {
                ChannelRequestHandlers = handlers,
                ChannelNotificationHandlers = [],
            },
        };
    }

    private static WorkerResourceUsage ReadResourceUsage()
    {
        var ru = ThreadResourceUsage.ReadCurrentThread();
        return new WorkerResourceUsage
        {
            UserCpuTime = (long)ru.UserTimeMs,
            SystemCpuTime = (long)ru.SystemTimeMs,
            MaxResidentSetSize = ru.MaxRss,
            IntegralSharedMemorySize = ru.IxRss,
            IntegralUnsharedDataSize = ru.IdRss,
            IntegralUnsharedStackSize = ru.IsRss,
            SoftPageFaults = ru.MinFlt,
            HardPageFaults = ru.MajFlt,
            Swaps = ru.NSwap,
            BlockInputOperations = ru.InBlock,
            BlockOutputOperations = ru.OuBlock,
            IpcMessagesSent = ru.MsgSnd,
            IpcMessagesReceived = ru.MsgRcv,
            SignalsReceived = ru.NSignals,
            VoluntaryContextSwitches = ru.NvCsw,
            InvoluntaryContextSwitches = ru.NivCsw,
        };
    }
}
