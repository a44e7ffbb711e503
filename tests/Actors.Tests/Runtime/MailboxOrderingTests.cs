using Sfu.Actors.Runtime;
using Sfu.Actors.Runtime.TestKit;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>An actor's messages: one at a time, in send order per sender.</summary>
public sealed class MailboxOrderingTests : TestKit
{
    private sealed record Numbered(int Sender, int Sequence);

    private sealed record Report(int Processed, int OutOfOrder, int Overlaps);

    private sealed class OrderCheckingActor : ReceiveActor
    {
        private readonly int[] _lastSeen;
        private int _inside;
        private int _processed;
        private int _outOfOrder;
        private int _overlaps;

        public OrderCheckingActor(int senders)
        {
            _lastSeen = Enumerable.Repeat(-1, senders).ToArray();
            Receive<Numbered>(n =>
            {
                if (Interlocked.Increment(ref _inside) != 1)
                {
                    Interlocked.Increment(ref _overlaps);
                }
                if (n.Sequence != _lastSeen[n.Sender] + 1)
                {
                    _outOfOrder++;
                }
                _lastSeen[n.Sender] = n.Sequence;
                _processed++;
                Thread.SpinWait(1000); // widen the window in which a second, concurrent run would be caught
                Interlocked.Decrement(ref _inside);
            });
            Receive<string>(_ => Sender.Tell(new Report(_processed, _outOfOrder, Volatile.Read(ref _overlaps))), s => s == "report");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task Messages_from_several_threads_keep_each_senders_order_and_never_run_concurrently(int throughput)
    {
        const int senders = 4;
        const int perSender = 2_000;
        var actor = Sys.ActorOf(Props.Create(() => new OrderCheckingActor(senders)).WithThroughput(throughput));

        using var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, senders).Select(s => new Thread(() =>
        {
            start.Wait();
            for (var i = 0; i < perSender; i++)
            {
                actor.Tell(new Numbered(s, i));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        start.Set();
        threads.ForEach(t => t.Join());

        var report = await actor.Ask<Report>("report", RemainingOrDefault * 5);
        Assert.Equal(new Report(senders * perSender, 0, 0), report);
    }

    [Fact]
    public void Many_actors_told_from_many_threads_each_get_all_their_messages()
    {
        var probe = CreateTestProbe();
        var actors = Enumerable.Range(0, 20).Select(_ => Sys.ActorOf(Props.Create(() => new CountingActor(probe, 1_000)))).ToArray();

        Parallel.For(0, 1_000, i =>
        {
            foreach (var a in actors)
            {
                a.Tell(i);
            }
        });

        var done = probe.ReceiveN(actors.Length, RemainingOrDefault * 5);
        Assert.All(done, m => Assert.Equal("done", m));
    }

    private sealed class CountingActor : ReceiveActor
    {
        private int _count;

        public CountingActor(IActorRef probe, int expected) =>
            Receive<int>(_ =>
            {
                if (++_count == expected)
                {
                    probe.Tell("done");
                }
            });
    }
}
