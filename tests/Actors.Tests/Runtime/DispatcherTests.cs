using Sfu.Actors.Runtime;
using Sfu.Actors.Runtime.TestKit;
using Sfu.Tests.Shared;

namespace Sfu.Actors.Tests.Runtime;

public sealed class DispatcherTests : TestKit
{
    private sealed class ThreadRecordingActor : ReceiveActor
    {
        public ThreadRecordingActor(IActorRef probe)
        {
            probe.Tell(("ctor", Environment.CurrentManagedThreadId));
            Receive<int>(i => probe.Tell((i.ToString(System.Globalization.CultureInfo.InvariantCulture), Environment.CurrentManagedThreadId)));
        }
    }

    private sealed class CountingActor : ReceiveActor
    {
        public CountingActor(int[] counter) => Receive<int>(_ => counter[0]++);
    }

    [Fact]
    public void A_dedicated_thread_dispatcher_runs_the_constructor_and_every_message_on_its_one_thread()
    {
        using var dispatcher = new DedicatedThreadDispatcher("media-worker-0");
        var actor = Sys.ActorOf(Props.Create(() => new ThreadRecordingActor(TestActor)).WithDispatcher(dispatcher));
        Parallel.For(0, 200, i => actor.Tell(i));

        var seen = ReceiveN(201).Cast<(string What, int Thread)>().ToList();

        Assert.Contains(seen, s => s.What == "ctor");
        Assert.All(seen, s => Assert.Equal(dispatcher.ManagedThreadId, s.Thread));
        Assert.NotEqual(Environment.CurrentManagedThreadId, dispatcher.ManagedThreadId);
        Sys.Stop(actor);
    }

    [Fact]
    public void A_dedicated_thread_dispatcher_runs_work_in_order_on_a_thread_with_its_name()
    {
        using var dispatcher = new DedicatedThreadDispatcher("sfu-test-thread");
        var names = new List<string?>();
        var order = new List<int>();
        using var done = new ManualResetEventSlim();
        for (var i = 0; i < 100; i++)
        {
            var n = i;
            dispatcher.Schedule(new Work(() =>
            {
                order.Add(n);
                names.Add(Thread.CurrentThread.Name);
                if (n == 99)
                {
                    done.Set();
                }
            }));
        }

        Assert.True(done.Wait(RemainingOrDefault));
        Assert.Equal(Enumerable.Range(0, 100), order);
        Assert.All(names, n => Assert.Equal("sfu-test-thread", n));
    }

    [Fact]
    public void A_disposed_dedicated_thread_dispatcher_refuses_work()
    {
        var dispatcher = new DedicatedThreadDispatcher("short-lived");
        dispatcher.Dispose();
        Assert.Throws<ObjectDisposedException>(() => dispatcher.Schedule(new Work(() => { })));
    }

    [Fact]
    public void An_actor_whose_dedicated_dispatcher_was_disposed_can_still_be_stopped()
    {
        var dispatcher = new DedicatedThreadDispatcher("gone-early");
        var counter = Sys.ActorOf(Props.Create(() => new CounterActor(TestActor)).WithDispatcher(dispatcher));
        ExpectMsg("PreStart");
        Watch(counter);
        dispatcher.Dispose();

        Sys.Stop(counter);

        ExpectMsg("PostStop");
        ExpectTerminated(counter);
    }

    [Fact]
    public void A_mailbox_run_processes_at_most_throughput_messages_then_reschedules_itself()
    {
        using var dispatcher = new ManualDispatcher(throughput: 16);
        var counter = new int[1];
        var actor = Sys.ActorOf(Props.Create(() => new CountingActor(counter)).WithDispatcher(dispatcher));
        for (var i = 0; i < 40; i++)
        {
            actor.Tell(i);
        }
        Assert.Equal(1, dispatcher.ScheduleCount); // one schedule for the create and all 40 tells

        Assert.True(dispatcher.RunNext());
        Assert.Equal(16, counter[0]);
        Assert.Equal(1, dispatcher.PendingCount);
        Assert.Equal(2, dispatcher.ScheduleCount);

        Assert.True(dispatcher.RunNext());
        Assert.Equal(32, counter[0]);

        Assert.True(dispatcher.RunNext());
        Assert.Equal(40, counter[0]);
        Assert.Equal(0, dispatcher.PendingCount);
        Assert.Equal(3, dispatcher.ScheduleCount);
    }

    [Fact]
    public void Props_throughput_overrides_the_dispatchers()
    {
        using var dispatcher = new ManualDispatcher(throughput: 100);
        var counter = new int[1];
        var actor = Sys.ActorOf(Props.Create(() => new CountingActor(counter)).WithDispatcher(dispatcher).WithThroughput(3));
        for (var i = 0; i < 7; i++)
        {
            actor.Tell(i);
        }

        Assert.Equal(3, dispatcher.RunUntilIdle());
        Assert.Equal(7, counter[0]);
    }

    [Fact]
    public void An_idle_mailbox_is_not_scheduled_again_until_a_message_arrives()
    {
        using var dispatcher = new ManualDispatcher();
        var counter = new int[1];
        var actor = Sys.ActorOf(Props.Create(() => new CountingActor(counter)).WithDispatcher(dispatcher));
        dispatcher.RunUntilIdle();
        var scheduled = dispatcher.ScheduleCount;

        Assert.False(dispatcher.RunNext());
        actor.Tell(1);
        Assert.Equal(scheduled + 1, dispatcher.ScheduleCount);
        dispatcher.RunUntilIdle();
        Assert.Equal(1, counter[0]);
    }

    [Fact]
    public void Throughput_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Props.Create<BlackHoleActor>().WithThroughput(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadPoolDispatcher(0));
    }

    private sealed class SinkActor : ReceiveActor
    {
        public SinkActor(int[] counter) => Receive<string>(_ => counter[0]++);
    }

    [Fact]
    public void Telling_and_processing_messages_allocates_nothing_in_steady_state()
    {
        using var dispatcher = new ManualDispatcher();
        var counter = new int[1];
        var actor = Sys.ActorOf(Props.Create(() => new SinkActor(counter)).WithDispatcher(dispatcher));
        const string message = "work";
        void Round()
        {
            for (var i = 0; i < 100; i++)
            {
                actor.Tell(message, Nobody.Instance);
            }
            dispatcher.RunUntilIdle();
        }
        for (var i = 0; i < 10; i++)
        {
            Round(); // warm up: queue segments, JIT
        }

        var (allocated, batches) = SteadyStateAllocation.Measure(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                Round();
            }
        });

        Assert.Equal((10 + 100 * batches) * 100, counter[0]);
        Assert.Equal(0, allocated);
    }

    private sealed class Work(Action action) : IRunnable
    {
        public void Run() => action();
    }
}
