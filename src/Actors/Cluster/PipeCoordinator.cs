using System.Collections.Concurrent;
using Sfu.Actors.Entities;
using Sfu.Actors.Runtime;
using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Ids;
using Sfu.Contracts.Options;
using Sfu.Contracts.Transports;

namespace Sfu.Actors.Cluster;

/// <summary>
/// mediasoup's <c>router.pipeToRouter</c> (PR1–PR4) for routers of this node: one pipe-transport pair per router pair
/// (cached as a task, so concurrent and reverse calls share it), a pipe consumer on the source router and a pipe
/// producer with the same id on the target, and the links that make close, pause and resume follow across the pipe.
/// It is orchestration between routers, like mediasoup's Node side, so it runs off the workers and talks to the
/// entity actors by asking.
/// </summary>
public sealed class PipeCoordinator
{
    private readonly ConcurrentDictionary<(string A, string B), Lazy<Task<PipePair>>> _pairs = new();
    private readonly ConcurrentDictionary<string, (string A, string B)> _pairByTransport = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PipeLink> _byConsumer = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PipeLink> _byProducer = new(StringComparer.Ordinal);
    private EntityRegistry _registry = null!;
    private string _nodeId = "";
    private TimeSpan _timeout = TimeSpan.FromSeconds(10);

    internal void Attach(EntityRegistry registry, string nodeId, TimeSpan timeout)
    {
        _registry = registry;
        _nodeId = nodeId;
        _timeout = timeout;
    }

    /// <summary>The pipe transports of a router pair, A being the router with the ordinally smaller id.</summary>
    private sealed record PipePair(string RouterA, string TransportA, IActorRef ActorA, string RouterB, string TransportB, IActorRef ActorB);

    /// <summary>A pipe consumer and the pipe producer it feeds.</summary>
    private sealed record PipeLink(string ConsumerId, IActorRef Consumer, string ProducerTransportId, string ProducerId, IActorRef Producer);

    public async Task<PipeToRouterInfo> PipeToRouterAsync(string routerId, PipeToRouterOptions options, CancellationToken cancellationToken)
    {
        if (options.ProducerId is not null && options.DataProducerId is not null)
        {
            throw new TypeError("just producerId or dataProducerId can be given");
        }
        if (options.ProducerId is null && options.DataProducerId is null)
        {
            throw new TypeError("wrong arguments: producerId or dataProducerId must be given");
        }
        if (options.TargetRouterId is not { } targetRouterId)
        {
            throw new TypeError("missing targetRouterId");
        }
        if (targetRouterId == routerId)
        {
            throw new TypeError("cannot use this Router as destination");
        }
        if (options.ListenInfo is not null && options.ListenIp is not null)
        {
            throw new TypeError("only one of listenInfo and listenIp must be given");
        }
        if (options.DataProducerId is not null)
        {
            throw new SfuException("'router.pipeToRouter' of a data producer is not implemented yet");
        }

        if (!_registry.TryGet(EntityKind.Router, routerId, null, out var source))
        {
            throw new SfuException($"router '{routerId}' not found (closed or never existed)");
        }
        if (!_registry.TryGet(EntityKind.Router, targetRouterId, null, out var target))
        {
            if (EntityId.TryParseOwner(targetRouterId, out var owner, out _) && owner != _nodeId)
            {
                throw new SfuException($"'router.pipeToRouter' to a router on another node ('{owner}') is not implemented yet");
            }
            throw new SfuException($"target router '{targetRouterId}' not found (closed or never existed)");
        }
        if (source.WorkerId == target.WorkerId)
        {
            throw new SfuException("cannot pipe between two routers of the same worker: the pipe producer would reuse the producer's id there");
        }

        var producer = await Ask<RouterProtocol.ProducerForPipe>(source.Actor, new RouterProtocol.GetProducerForPipe(options.ProducerId!), cancellationToken).ConfigureAwait(false);
        var pair = await GetOrCreatePairAsync(source, target, options, cancellationToken).ConfigureAwait(false);
        var (localTransport, remoteTransport, remoteTransportId) = pair.RouterA == routerId
            ? (pair.ActorA, pair.ActorB, pair.TransportB)
            : (pair.ActorB, pair.ActorA, pair.TransportA);

        var consumerInfo = await Ask<ConsumerInfo>(localTransport,
            new Entities.TransportProtocol.Consume(new ConsumerOptions { ProducerId = producer.Id }), cancellationToken).ConfigureAwait(false);
        _registry.TryGet(EntityKind.Consumer, consumerInfo.Id, null, out var consumerEntry);
        ProducerInfo producerInfo;
        try
        {
            producerInfo = await Ask<ProducerInfo>(remoteTransport, new Entities.TransportProtocol.Produce(new ProducerOptions
            {
                Id = producer.Id,
                Kind = consumerInfo.Kind,
                RtpParameters = consumerInfo.RtpParameters,
                Paused = consumerInfo.ProducerPaused,
                AppData = producer.AppData,
            }), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            consumerEntry?.Actor.Tell(new ConsumerProtocol.Close(CloseReasons.PipeClose));
            throw;
        }
        _registry.TryGet(EntityKind.Producer, producerInfo.Id, remoteTransportId, out var producerEntry);
        if (consumerEntry is not null && producerEntry is not null)
        {
            var link = new PipeLink(consumerInfo.Id, consumerEntry.Actor, remoteTransportId, producerInfo.Id, producerEntry.Actor);
            _byConsumer[link.ConsumerId] = link;
            _byProducer[ProducerKey(link.ProducerTransportId, link.ProducerId)] = link;
        }
        return new PipeToRouterInfo(consumerInfo, producerInfo);
    }

    private async Task<PipePair> GetOrCreatePairAsync(EntityEntry source, EntityEntry target, PipeToRouterOptions options, CancellationToken cancellationToken)
    {
        var (a, b) = string.CompareOrdinal(source.Id, target.Id) < 0 ? (source, target) : (target, source);
        var key = (a.Id, b.Id);
        var lazy = _pairs.GetOrAdd(key, _ => new Lazy<Task<PipePair>>(() => CreatePairAsync(a, b, options, cancellationToken)));
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            _pairs.TryRemove(new KeyValuePair<(string, string), Lazy<Task<PipePair>>>(key, lazy));
            throw;
        }
    }

    private async Task<PipePair> CreatePairAsync(EntityEntry a, EntityEntry b, PipeToRouterOptions options, CancellationToken cancellationToken)
    {
        var transportOptions = new PipeTransportOptions
        {
            ListenInfo = options.ListenInfo ?? (options.ListenIp is null
                ? new TransportListenInfo { Protocol = Contracts.Transports.TransportProtocol.Udp, Ip = "127.0.0.1" }
                : null),
            ListenIp = options.ListenIp,
            EnableSctp = options.EnableSctp ?? true, // PR1
            NumSctpStreams = options.NumSctpStreams,
            EnableRtx = options.EnableRtx ?? false,
            EnableSrtp = options.EnableSrtp ?? false,
        };
        var infoA = await Ask<PipeTransportInfo>(a.Actor, new RouterProtocol.CreatePipeTransport(transportOptions), cancellationToken).ConfigureAwait(false);
        PipeTransportInfo infoB;
        try
        {
            infoB = await Ask<PipeTransportInfo>(b.Actor, new RouterProtocol.CreatePipeTransport(transportOptions), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            CloseTransport(infoA.Id);
            throw;
        }
        _registry.TryGet(EntityKind.Transport, infoA.Id, null, out var transportA);
        _registry.TryGet(EntityKind.Transport, infoB.Id, null, out var transportB);
        if (transportA is null || transportB is null)
        {
            CloseTransport(infoA.Id);
            CloseTransport(infoB.Id);
            throw new SfuException("a pipe transport closed while the pipe was being set up");
        }
        try
        {
            await Ask<PipeTransportInfo>(transportA.Actor, Connect(infoB), cancellationToken).ConfigureAwait(false);
            await Ask<PipeTransportInfo>(transportB.Actor, Connect(infoA), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            CloseTransport(infoA.Id);
            CloseTransport(infoB.Id);
            throw;
        }
        _pairByTransport[infoA.Id] = (a.Id, b.Id);
        _pairByTransport[infoB.Id] = (a.Id, b.Id);
        return new PipePair(a.Id, infoA.Id, transportA.Actor, b.Id, infoB.Id, transportB.Actor);
    }

    private static Entities.TransportProtocol.Connect Connect(PipeTransportInfo remote) =>
        new(Contracts.Json.SfuJson.ToElement(new PipeTransportConnectParameters
        {
            Ip = remote.Tuple.LocalAddress,
            Port = remote.Tuple.LocalPort,
            SrtpParameters = remote.SrtpParameters,
        }));

    // ---- propagation, called from the entities' listeners (worker threads) ----

    /// <summary>PR3: closing one pipe transport closes its peer; the pair is forgotten.</summary>
    internal void OnTransportClosed(string transportId)
    {
        if (!_pairByTransport.TryRemove(transportId, out var key))
        {
            return;
        }
        if (_pairs.TryRemove(key, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
        {
            var pair = lazy.Value.Result;
            var peer = pair.TransportA == transportId ? pair.TransportB : pair.TransportA;
            _pairByTransport.TryRemove(peer, out _);
            CloseTransport(peer);
        }
    }

    /// <summary>PR4: a pipe consumer closed: its pipe producer closes.</summary>
    internal void OnConsumerClosed(string consumerId)
    {
        if (_byConsumer.TryRemove(consumerId, out var link))
        {
            _byProducer.TryRemove(ProducerKey(link.ProducerTransportId, link.ProducerId), out _);
            link.Producer.Tell(new ProducerProtocol.Close(CloseReasons.PipeClose));
        }
    }

    /// <summary>PR4: a pipe producer closed: its pipe consumer closes.</summary>
    internal void OnProducerClosed(string transportId, string producerId)
    {
        if (_byProducer.TryRemove(ProducerKey(transportId, producerId), out var link))
        {
            _byConsumer.TryRemove(link.ConsumerId, out _);
            link.Consumer.Tell(new ConsumerProtocol.Close(CloseReasons.PipeClose));
        }
    }

    /// <summary>
    /// PR4: the pipe consumer stopped forwarding (it was paused, or the original producer was): the pipe producer
    /// pauses, as mediasoup's pipeConsumer observer 'pause' pauses the pipeProducer.
    /// </summary>
    internal void OnConsumerPaused(string consumerId)
    {
        if (_byConsumer.TryGetValue(consumerId, out var link))
        {
            link.Producer.Tell(ProducerProtocol.Pause.Instance);
        }
    }

    /// <summary>PR4: the pipe consumer forwards again: the pipe producer resumes.</summary>
    internal void OnConsumerResumed(string consumerId)
    {
        if (_byConsumer.TryGetValue(consumerId, out var link))
        {
            link.Producer.Tell(ProducerProtocol.Resume.Instance);
        }
    }

    internal void OnRouterClosed(string routerId)
    {
        foreach (var key in _pairs.Keys)
        {
            if (key.A == routerId || key.B == routerId)
            {
                _pairs.TryRemove(key, out _);
            }
        }
    }

    private void CloseTransport(string transportId)
    {
        if (_registry.TryGet(EntityKind.Transport, transportId, null, out var entry))
        {
            entry.Actor.Tell(new Entities.TransportProtocol.Close(CloseReasons.PipeClose));
        }
    }

    private async Task<T> Ask<T>(IActorRef actor, object message, CancellationToken cancellationToken)
    {
        try
        {
            return await actor.Ask<T>(message, _timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new DeadlineExceededError($"no answer within {_timeout.TotalSeconds:0.###} s while piping");
        }
        catch (ActorTerminatedException)
        {
            throw new SfuException("an entity closed while the pipe was being set up");
        }
    }

    private static string ProducerKey(string transportId, string producerId) => transportId + "/" + producerId;
}
