using Microsoft.Extensions.Logging;
using Sfu.Actors.Runtime;
using Sfu.Actors.Runtime.TestKit;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>A handler that throws: the asker hears of it, then the supervisor's directive applies.</summary>
public sealed class SupervisionTests : TestKit
{
    private static readonly CapturingLoggerFactory Logs = new();

    public SupervisionTests() : base(loggerFactory: Logs) { }

    private IActorRef CreateSupervisedCounter(Func<Exception, Directive> decider, int maxRetries = -1)
    {
        var strategy = new OneForOneStrategy(maxRetries, Timeout.InfiniteTimeSpan, decider);
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(strategy, Props.Create(() => new CounterActor(TestActor)), "counter")));
        ExpectMsg("PreStart");
        parent.Tell("child", TestActor);
        return ExpectMsg<IActorRef>();
    }

    [Fact]
    public async Task By_default_the_asker_gets_the_exception_and_the_actor_keeps_its_state()
    {
        var counter = Sys.ActorOf(Props.Create(() => new CounterActor(TestActor)));
        ExpectMsg("PreStart");
        counter.Tell("inc");
        counter.Tell("inc");
        var boom = new InvalidOperationException("boom");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => counter.Ask<int>(new Fail(boom), RemainingOrDefault));

        Assert.Same(boom, thrown);
        counter.Tell("inc");
        Assert.Equal(3, await counter.Ask<int>("get", RemainingOrDefault));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // no restart, no stop
    }

    [Fact]
    public async Task A_failure_is_logged_with_the_exception_and_the_actor_path()
    {
        var counter = Sys.ActorOf(Props.Create(() => new CounterActor(TestActor)), "logged-counter");
        var boom = new InvalidOperationException("logged boom");
        counter.Tell(new Fail(boom));
        await counter.Ask<int>("get", RemainingOrDefault); // the failure was processed before this

        Assert.Contains(Logs.Entries, e => e.Level == LogLevel.Error
            && ReferenceEquals(e.Exception, boom)
            && e.Message.Contains("logged-counter", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_replaces_the_instance_and_calls_PreRestart_and_PostRestart()
    {
        var counter = CreateSupervisedCounter(_ => Directive.Restart);
        counter.Tell("inc");
        counter.Tell("inc");
        var boom = new ArgumentException("restart me");
        var failure = new Fail(boom);

        await Assert.ThrowsAsync<ArgumentException>(() => counter.Ask<int>(failure, RemainingOrDefault));

        var pre = ExpectMsg<PreRestarted>();
        Assert.Same(boom, pre.Reason);
        Assert.Equal(failure, pre.Message);
        ExpectMsg("PostStop");   // the default PreRestart calls PostStop
        Assert.Same(boom, ExpectMsg<PostRestarted>().Reason);
        ExpectMsg("PreStart");   // the default PostRestart calls PreStart
        Assert.Equal(0, await counter.Ask<int>("get", RemainingOrDefault));
    }

    [Fact]
    public async Task Restart_keeps_the_messages_queued_behind_the_failure()
    {
        var counter = CreateSupervisedCounter(_ => Directive.Restart);
        using var gate = new ManualResetEventSlim();
        counter.Tell(new Block(gate, TestActor));
        ExpectMsg("blocked");
        counter.Tell(new Fail(new InvalidOperationException()));
        counter.Tell("inc");
        counter.Tell("inc");
        gate.Set();

        ExpectMsg<PreRestarted>();
        Assert.Equal(2, await counter.Ask<int>("get", RemainingOrDefault));
    }

    [Fact]
    public async Task Restart_stops_the_children_of_the_failed_instance_by_default()
    {
        var strategy = new OneForOneStrategy(_ => Directive.Restart);
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(strategy,
            Props.Create(() => new ParentActor(SupervisorStrategy.DefaultStrategy, Props.Create<EchoActor>(), "grandchild")), "middle")));
        parent.Tell("child", TestActor);
        var middle = ExpectMsg<IActorRef>();
        middle.Tell("child", TestActor);
        var grandchild = ExpectMsg<IActorRef>();
        Watch(grandchild);

        middle.Tell(new FailParent(new InvalidOperationException("restart the middle")));

        ExpectTerminated(grandchild);
        // The new instance made a new grandchild with the same name once the old one was gone.
        middle.Tell("child", TestActor);
        var newGrandchild = ExpectMsg<IActorRef>();
        Assert.NotEqual(grandchild, newGrandchild);
        Assert.Equal(grandchild.Path, newGrandchild.Path);
        Assert.Equal("pong", await newGrandchild.Ask<string>("pong", RemainingOrDefault));
    }

    [Fact]
    public async Task Restarts_beyond_the_retry_limit_stop_the_actor()
    {
        var counter = CreateSupervisedCounter(_ => Directive.Restart, maxRetries: 2);
        Watch(counter);

        for (var i = 0; i < 2; i++)
        {
            counter.Tell(new Fail(new InvalidOperationException("again")));
            ExpectMsg<PreRestarted>();
            ExpectMsg("PostStop");
            ExpectMsg<PostRestarted>();
            ExpectMsg("PreStart");
        }
        counter.Tell(new Fail(new InvalidOperationException("once too often")));

        ExpectMsg("PostStop");
        ExpectTerminated(counter);
        await Assert.ThrowsAsync<ActorTerminatedException>(() => counter.Ask<int>("get", RemainingOrDefault));
    }

    [Fact]
    public async Task Stop_directive_stops_the_actor_after_the_asker_got_the_exception()
    {
        var counter = CreateSupervisedCounter(_ => Directive.Stop);
        Watch(counter);
        var boom = new InvalidOperationException("fatal");

        Assert.Same(boom, await Assert.ThrowsAsync<InvalidOperationException>(() => counter.Ask<int>(new Fail(boom), RemainingOrDefault)));

        ExpectMsg("PostStop");
        ExpectTerminated(counter);
    }

    [Fact]
    public void The_decider_picks_the_directive_by_exception_type()
    {
        var counter = CreateSupervisedCounter(e => e is ArgumentException ? Directive.Restart : Directive.Resume);

        counter.Tell(new Fail(new InvalidOperationException("resume")));
        counter.Tell(new Fail(new ArgumentException("restart")));

        var pre = ExpectMsg<PreRestarted>();
        Assert.IsType<ArgumentException>(pre.Reason);
    }

    [Fact]
    public void Escalate_makes_the_parent_fail_with_the_same_exception()
    {
        var watcher = CreateTestProbe();
        // top: restarts "middle"; middle: escalates failures of its counter child.
        var escalate = new OneForOneStrategy(_ => Directive.Escalate);
        var middleProps = Props.Create(() => new ParentActor(escalate, Props.Create(() => new CounterActor(watcher)), "counter"));
        var top = Sys.ActorOf(Props.Create(() => new ParentActor(new OneForOneStrategy(_ => Directive.Restart), middleProps, "middle")));
        top.Tell("child", TestActor);
        var middle = ExpectMsg<IActorRef>();
        middle.Tell("child", TestActor);
        var counter = ExpectMsg<IActorRef>();
        watcher.ExpectMsg("PreStart");
        Watch(counter);

        counter.Tell(new Fail(new TimeoutException("escalated")));

        // middle restarted, so its default PreRestart stopped the old counter, and the new middle made a new one.
        ExpectTerminated(counter);
        watcher.FishForMessage<string>(s => s == "PreStart");
    }

    [Fact]
    public async Task An_escalated_failure_that_the_grandparent_resumes_resumes_the_child_with_its_state()
    {
        var watcher = CreateTestProbe();
        var escalate = new OneForOneStrategy(_ => Directive.Escalate);
        var middleProps = Props.Create(() => new ParentActor(escalate, Props.Create(() => new CounterActor(watcher)), "counter"));
        var top = Sys.ActorOf(Props.Create(() => new ParentActor(new OneForOneStrategy(_ => Directive.Resume), middleProps, "middle")));
        top.Tell("child", TestActor);
        var middle = ExpectMsg<IActorRef>();
        middle.Tell("child", TestActor);
        var counter = ExpectMsg<IActorRef>();
        watcher.ExpectMsg("PreStart");
        counter.Tell("inc");

        counter.Tell(new Fail(new TimeoutException("escalated, then resumed")));
        counter.Tell("inc");

        Assert.Equal(2, await counter.Ask<int>("get", RemainingOrDefault));
        watcher.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // no restart, no stop
    }

    [Fact]
    public void Escalation_to_the_guardian_stops_the_top_level_actor()
    {
        using var kit = new TestKit(new ActorSystemOptions { GuardianSupervisorStrategy = new OneForOneStrategy(_ => Directive.Escalate) });
        var counter = kit.Sys.ActorOf(Props.Create(() => new CounterActor(kit.TestActor)));
        kit.ExpectMsg("PreStart");
        kit.Watch(counter);

        counter.Tell(new Fail(new InvalidOperationException()));

        kit.ExpectMsg("PostStop");
        kit.ExpectTerminated(counter);
    }

    [Fact]
    public void The_guardian_strategy_applies_to_top_level_actors()
    {
        using var kit = new TestKit(new ActorSystemOptions { GuardianSupervisorStrategy = SupervisorStrategy.StoppingStrategy });
        var counter = kit.Sys.ActorOf(Props.Create(() => new CounterActor(kit.TestActor)));
        kit.ExpectMsg("PreStart");

        counter.Tell(new Fail(new InvalidOperationException()));

        kit.ExpectMsg("PostStop");
    }

    [Fact]
    public async Task Props_supervisor_strategy_overrides_the_actors_own()
    {
        var stopping = Props.Create(() => new ParentActor(
                new OneForOneStrategy(_ => Directive.Resume), Props.Create(() => new CounterActor(TestActor)), "counter"))
            .WithSupervisorStrategy(SupervisorStrategy.StoppingStrategy);
        var parent = Sys.ActorOf(stopping);
        ExpectMsg("PreStart");
        parent.Tell("child", TestActor);
        var counter = ExpectMsg<IActorRef>();
        Watch(counter);

        await Assert.ThrowsAsync<InvalidOperationException>(() => counter.Ask<int>(new Fail(new InvalidOperationException()), RemainingOrDefault));

        ExpectMsg("PostStop");
        ExpectTerminated(counter);
    }

    private sealed class FailingConstructorActor : ReceiveActor
    {
        private readonly IActorRef _probe;

        public FailingConstructorActor(IActorRef probe)
        {
            _probe = probe;
            probe.Tell("constructing");
            throw new InvalidOperationException("cannot start");
        }

        protected override void PostStop() => _probe.Tell("PostStop");
    }

    private sealed class FailingPreStartActor(IActorRef probe) : ReceiveActor
    {
        protected override void PreStart() => throw new InvalidOperationException("cannot start");

        protected override void PostStop() => probe.Tell("PostStop");
    }

    [Fact]
    public async Task An_actor_whose_constructor_throws_is_stopped_and_asks_fail_fast()
    {
        var actor = Sys.ActorOf(Props.Create(() => new FailingConstructorActor(TestActor)));
        ExpectMsg("constructing");
        Watch(actor);
        ExpectTerminated(actor);

        await Assert.ThrowsAsync<ActorTerminatedException>(() => actor.Ask<string>("x", TimeSpan.FromDays(1)));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void An_actor_whose_PreStart_throws_is_stopped_without_PostStop()
    {
        var actor = Sys.ActorOf(Props.Create(() => new FailingPreStartActor(TestActor)));
        Watch(actor);
        ExpectTerminated(actor);
    }

    [Fact]
    public void Actors_cannot_be_created_with_new()
    {
        Assert.Throws<ActorInitializationException>(() => new EchoActor());
    }

    [Fact]
    public void A_retry_window_must_be_positive_or_infinite()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneForOneStrategy(1, TimeSpan.Zero, _ => Directive.Restart));
    }
}
