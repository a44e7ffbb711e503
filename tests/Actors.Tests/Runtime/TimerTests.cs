using Sfu.Actors.Runtime;
using Sfu.Actors.Runtime.TestKit;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>An actor's timers (<see cref="ITimerScheduler"/>).</summary>
public sealed class TimerTests : TestKit
{
    private sealed record StartSingle(object Key, object Message, TimeSpan Delay);

    private sealed record StartPeriodic(object Key, object Message, TimeSpan Interval);

    private sealed record CancelTimer(object Key);

    private sealed record IsActive(object Key);

    private sealed class TimerActor : ReceiveActor
    {
        public TimerActor(IActorRef probe)
        {
            Receive<StartSingle>(s =>
            {
                Context.Timers.StartSingleTimer(s.Key, s.Message, s.Delay);
                Sender.Tell("started");
            });
            Receive<StartPeriodic>(p =>
            {
                Context.Timers.StartPeriodicTimer(p.Key, p.Message, p.Interval);
                Sender.Tell("started");
            });
            Receive<CancelTimer>(c =>
            {
                Context.Timers.Cancel(c.Key);
                Sender.Tell("cancelled");
            });
            Receive<IsActive>(q => Sender.Tell(Context.Timers.IsTimerActive(q.Key)));
            Receive<string>(_ =>
            {
                Context.Timers.CancelAll();
                Sender.Tell("all cancelled");
            }, s => s == "cancel all");
            ReceiveAny(m => probe.Tell(m));
        }
    }

    private (IActorRef Actor, TestScheduler Scheduler, ManualDispatcher Dispatcher, TestKit Kit) VirtualTime()
    {
        var scheduler = new TestScheduler();
        var kit = new TestKit(new ActorSystemOptions { Scheduler = scheduler });
        var dispatcher = new ManualDispatcher();
        var actor = kit.Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)).WithDispatcher(dispatcher));
        dispatcher.RunUntilIdle();
        return (actor, scheduler, dispatcher, kit);
    }

    [Fact]
    public async Task A_single_timer_delivers_its_message_once_and_is_then_inactive()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartSingle("k", "tick", TimeSpan.FromMilliseconds(50)), TestActor);
        ExpectMsg("started");

        ExpectMsg("tick");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.False(await actor.Ask<bool>(new IsActive("k"), RemainingOrDefault));
    }

    [Fact]
    public async Task A_periodic_timer_repeats_until_cancelled_and_nothing_arrives_after_the_cancel()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartPeriodic("p", "tick", TimeSpan.FromMilliseconds(20)), TestActor);
        ExpectMsg("started");
        ExpectMsg("tick");
        ExpectMsg("tick");
        ExpectMsg("tick");
        Assert.True(await actor.Ask<bool>(new IsActive("p"), RemainingOrDefault));

        actor.Tell(new CancelTimer("p"), TestActor);

        FishForMessage<string>(m => m == "cancelled");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_timer_cancelled_while_its_message_is_already_queued_never_delivers()
    {
        var (actor, scheduler, dispatcher, kit) = VirtualTime();
        using (kit)
        using (dispatcher)
        {
            actor.Tell(new StartSingle("k", "tick", TimeSpan.FromSeconds(1)));
            dispatcher.RunUntilIdle();

            actor.Tell(new CancelTimer("k"));   // queued first...
            scheduler.Advance(TimeSpan.FromSeconds(1)); // ...then the timer fires into the mailbox
            dispatcher.RunUntilIdle();

            ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public void Restarting_a_timer_with_the_same_key_drops_the_old_message_even_if_queued()
    {
        var (actor, scheduler, dispatcher, kit) = VirtualTime();
        using (kit)
        using (dispatcher)
        {
            actor.Tell(new StartSingle("k", "old", TimeSpan.FromSeconds(1)));
            dispatcher.RunUntilIdle();
            actor.Tell(new StartSingle("k", "new", TimeSpan.FromSeconds(1)));
            scheduler.Advance(TimeSpan.FromSeconds(1)); // "old" fires into the mailbox behind the restart
            dispatcher.RunUntilIdle();
            scheduler.Advance(TimeSpan.FromSeconds(1));
            dispatcher.RunUntilIdle();

            ExpectMsg("new");
            ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public void Periodic_timers_follow_virtual_time()
    {
        var (actor, scheduler, dispatcher, kit) = VirtualTime();
        using (kit)
        using (dispatcher)
        {
            actor.Tell(new StartPeriodic("p", "tick", TimeSpan.FromSeconds(5)));
            dispatcher.RunUntilIdle();

            scheduler.Advance(TimeSpan.FromSeconds(4));
            dispatcher.RunUntilIdle();
            Assert.False(TestActor.HasMessages);

            scheduler.Advance(TimeSpan.FromSeconds(11)); // t = 15 s: ticks at 5, 10, 15
            dispatcher.RunUntilIdle();
            Assert.Equal(new object[] { "tick", "tick", "tick" }, ReceiveN(3));
            ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        }
    }

    [Fact]
    public void CancelAll_cancels_every_timer()
    {
        var (actor, scheduler, dispatcher, kit) = VirtualTime();
        using (kit)
        using (dispatcher)
        {
            actor.Tell(new StartPeriodic("a", "a", TimeSpan.FromSeconds(1)));
            actor.Tell(new StartSingle("b", "b", TimeSpan.FromSeconds(1)));
            actor.Tell("cancel all");
            dispatcher.RunUntilIdle();
            scheduler.Advance(TimeSpan.FromSeconds(3));
            dispatcher.RunUntilIdle();

            ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        }
    }

    [Fact]
    public void Timers_die_with_the_actor()
    {
        var scheduler = new TestScheduler();
        using var kit = new TestKit(new ActorSystemOptions { Scheduler = scheduler });
        var deadLetters = CreateTestProbe();
        kit.Sys.EventStream.Subscribe<DeadLetter>(deadLetters);
        var actor = kit.Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartPeriodic("p", "tick", TimeSpan.FromSeconds(1)), TestActor);
        ExpectMsg("started");
        kit.Watch(actor);
        kit.Sys.Stop(actor);
        kit.ExpectTerminated(actor);

        scheduler.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, scheduler.PendingCount); // the periodic timer was cancelled, so it was not rescheduled
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        deadLetters.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
