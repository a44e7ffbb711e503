using System.Collections.Concurrent;
using Sfu.Actors.Cluster;
using Sfu.Actors.Runtime;
using Sfu.Actors.Workers;

namespace Sfu.Actors.Tests.Workers;

/// <summary>Entity actors run on their media worker's thread, between the loop's I/O rounds.</summary>
public sealed class MediaWorkerTests
{
    private sealed class ThreadRecorder : ReceiveActor
    {
        private readonly ConcurrentQueue<int> _threads;

        public ThreadRecorder(ConcurrentQueue<int> threads)
        {
            _threads = threads;
            ReceiveAny(message =>
            {
                _threads.Enqueue(Environment.CurrentManagedThreadId);
                Sender.Tell(message);
            });
        }

        protected override void PreStart() => _threads.Enqueue(Environment.CurrentManagedThreadId);
    }

    [Fact]
    public async Task An_actor_with_the_worker_dispatcher_handles_every_message_on_the_worker_thread()
    {
        await using var worker = new MediaWorker(0, "n", new NodeSettings { NodeId = "n" }, loggerFactory: null);
        worker.Start();
        await using var system = ActorSystem.Create("worker-test");
        var threads = new ConcurrentQueue<int>();
        var actor = system.ActorOf(Props.Create(() => new ThreadRecorder(threads)).WithDispatcher(worker.Dispatcher));

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => actor.Ask<int>(i, TimeSpan.FromSeconds(5))));

        Assert.Equal(Enumerable.Range(0, 200), answers.Order());
        Assert.Equal(201, threads.Count);
        Assert.All(threads, t => Assert.Equal(worker.Loop.ThreadId, t));
    }

    [Fact]
    public async Task A_node_places_each_router_actor_on_the_worker_it_reports()
    {
        await using var node = SfuNode.Start(new NodeSettings { NodeId = "placement", Workers = 2 });
        await using var connection = node.Connect();
        var data = System.Text.Json.JsonDocument.Parse("""{"mediaCodecs":[],"workerId":1}""").RootElement;
        var created = await connection.RequestAsync("cluster.createRouter", data);
        var routerId = created.GetProperty("id").GetString()!;

        Assert.Equal(1, created.GetProperty("workerId").GetInt32());
        Assert.True(node.Registry.TryGet(EntityKind.Router, routerId, null, out var entry));
        Assert.Equal(1, entry.WorkerId);
        Assert.Equal(1, node.Workers[1].RouterCount);
        Assert.Equal(0, node.Workers[0].RouterCount);
    }
}
