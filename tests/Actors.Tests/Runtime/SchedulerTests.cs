using Sfu.Actors.Runtime;
using Sfu.Actors.Runtime.TestKit;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>The system scheduler (real time) and the TestScheduler (virtual time).</summary>
public sealed class SchedulerTests : TestKit
{
    [Fact]
    public void ScheduleTellOnce_delivers_with_the_given_sender()
    {
        var sender = CreateTestProbe();
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(20), TestActor, "later", sender);
        ExpectMsg("later");
        Assert.Equal(sender, LastSender);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_cancelled_ScheduleTellOnce_never_delivers()
    {
        var cancelable = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(100), TestActor, "never", null);
        cancelable.Cancel();
        Assert.True(cancelable.IsCancellationRequested);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void ScheduleTellRepeatedly_repeats_until_cancelled()
    {
        var cancelable = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(10), TestActor, "tick", null);
        ExpectMsg("tick");
        ExpectMsg("tick");
        ExpectMsg("tick");
        cancelable.Cancel();
        // A tick already on its way may still land; after that, silence.
        AwaitAssert(() => ExpectNoMsg(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void ScheduleOnce_runs_the_action()
    {
        using var ran = new ManualResetEventSlim();
        Sys.Scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(10), ran.Set);
        Assert.True(ran.Wait(RemainingOrDefault));
    }

    [Fact]
    public void The_monotonic_clock_does_not_go_back()
    {
        var a = Sys.Scheduler.MonotonicClock;
        var b = Sys.Scheduler.MonotonicClock;
        Assert.True(b >= a);
    }

    [Fact]
    public void The_test_scheduler_fires_in_due_order_only_when_time_is_advanced()
    {
        var scheduler = new TestScheduler();
        var fired = new List<string>();
        scheduler.ScheduleOnce(TimeSpan.FromSeconds(2), () => fired.Add("2s"));
        scheduler.ScheduleOnce(TimeSpan.FromSeconds(1), () => fired.Add("1s-a"));
        scheduler.ScheduleOnce(TimeSpan.FromSeconds(1), () => fired.Add("1s-b"));
        var cancelled = scheduler.ScheduleOnce(TimeSpan.FromSeconds(1), () => fired.Add("cancelled"));
        cancelled.Cancel();

        Assert.Empty(fired);
        scheduler.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Empty(fired);
        scheduler.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new[] { "1s-a", "1s-b" }, fired);
        scheduler.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(new[] { "1s-a", "1s-b", "2s" }, fired);
        Assert.Equal(TimeSpan.FromSeconds(6), scheduler.Now);
    }

    [Fact]
    public void The_test_scheduler_repeats_at_each_interval_and_sees_its_own_time()
    {
        var scheduler = new TestScheduler();
        var times = new List<TimeSpan>();
        var cancelable = scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TestActor, "tick", null);
        scheduler.ScheduleOnce(TimeSpan.Zero, () => times.Add(scheduler.Now));
        scheduler.Advance(TimeSpan.FromSeconds(5)); // ticks at 1, 3, 5
        Assert.Equal(new object[] { "tick", "tick", "tick" }, ReceiveN(3));
        cancelable.Cancel();
        scheduler.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(new[] { TimeSpan.Zero }, times);
    }
}
