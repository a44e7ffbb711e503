using Sfu.Actors.Runtime;
using Sfu.Actors.Runtime.TestKit;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>Creation, names, stop semantics and dead letters.</summary>
public sealed class LifecycleTests : TestKit
{
    private sealed class StopSelfActor : ReceiveActor
    {
        public StopSelfActor(IActorRef probe)
        {
            Receive<string>(_ =>
            {
                Context.Stop(Self);
                probe.Tell("after Stop(Self), same message");
            }, s => s == "stop");
            ReceiveAny(m => probe.Tell(m));
        }
    }

    private sealed class FamilyActor : ReceiveActor
    {
        private readonly IActorRef _probe;

        public FamilyActor(IActorRef probe, int children)
        {
            _probe = probe;
            for (var i = 0; i < children; i++)
            {
                var name = "child-" + i;
                Context.ActorOf(Props.Create(() => new ReportingChild(probe, name)), name);
            }
            Receive<string>(_ => Sender.Tell(Context.Children.Select(c => c.Path.Name).Order().ToArray()), s => s == "children");
            Receive<string>(name => Sender.Tell(Context.Child(name) ?? (object)"none"));
        }

        protected override void PostStop() => _probe.Tell("parent PostStop");
    }

    private sealed class ReportingChild(IActorRef probe, string name) : ReceiveActor
    {
        protected override void PostStop() => probe.Tell(name + " PostStop");
    }

    [Fact]
    public void Top_level_paths_are_under_user()
    {
        var actor = Sys.ActorOf(Props.Create<EchoActor>(), "router-1");
        Assert.Equal($"sfu://{Sys.Name}/user/router-1", actor.Path.ToString());
        Assert.Equal("router-1", actor.Path.Name);
        Assert.Equal($"sfu://{Sys.Name}/user", actor.Path.Parent!.ToString());
    }

    [Fact]
    public void Names_are_unique_among_siblings()
    {
        Sys.ActorOf(Props.Create<EchoActor>(), "router-1");
        var ex = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "router-1"));
        Assert.Contains("router-1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("$reserved")]
    [InlineData("a/b")]
    [InlineData("white space")]
    public void Invalid_names_are_refused(string name)
    {
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), name));
    }

    [Fact]
    public void Names_may_be_ids_with_dashes_and_dots()
    {
        var actor = Sys.ActorOf(Props.Create<EchoActor>(), "3f2a9c1e-0b7d-4c1a-9e7f-5d2b1a0c9e8f.v1");
        Assert.Equal("3f2a9c1e-0b7d-4c1a-9e7f-5d2b1a0c9e8f.v1", actor.Path.Name);
    }

    [Fact]
    public void Unnamed_actors_get_generated_dollar_names()
    {
        using var kit = new TestKit();
        var a = kit.Sys.ActorOf(Props.Create<EchoActor>());
        var b = kit.Sys.ActorOf(Props.Create<EchoActor>());
        // The kit's testActor took no generated name, so these are the first two.
        Assert.Equal("$a", a.Path.Name);
        Assert.Equal("$b", b.Path.Name);
    }

    [Fact]
    public void A_name_is_free_again_once_its_actor_has_stopped()
    {
        var first = Sys.ActorOf(Props.Create<EchoActor>(), "reused");
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);

        IActorRef? second = null;
        AwaitAssert(() => second = Sys.ActorOf(Props.Create<EchoActor>(), "reused"));

        Assert.NotEqual(first, second);
        Assert.Equal(first.Path, second!.Path);
    }

    [Fact]
    public void Context_Stop_Self_lets_the_current_message_finish_then_PostStop_runs_once()
    {
        var counter = Sys.ActorOf(Props.Create(() => new CounterActor(TestActor)));
        ExpectMsg("PreStart");
        var stopper = Sys.ActorOf(Props.Create(() => new StopSelfActor(TestActor)));
        Watch(stopper);

        stopper.Tell("stop");
        stopper.Tell("never handled");

        ExpectMsg("after Stop(Self), same message");
        ExpectTerminated(stopper);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Sys.Stop(counter);
        ExpectMsg("PostStop");
    }

    [Fact]
    public void Stop_while_messages_are_queued_runs_PostStop_once_and_turns_the_queue_into_dead_letters()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters);
        var counter = Sys.ActorOf(Props.Create(() => new CounterActor(TestActor)));
        ExpectMsg("PreStart");
        Watch(counter);
        using var gate = new ManualResetEventSlim();
        counter.Tell(new Block(gate, TestActor));
        ExpectMsg("blocked");
        for (var i = 0; i < 10; i++)
        {
            counter.Tell("inc", TestActor);
        }

        Sys.Stop(counter);
        Sys.Stop(counter);
        counter.Tell(PoisonPill.Instance);
        gate.Set();

        ExpectMsg("PostStop");
        ExpectTerminated(counter);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // PostStop once, Terminated once

        for (var i = 0; i < 10; i++)
        {
            var letter = deadLetters.ExpectMsg<DeadLetter>();
            Assert.Equal("inc", letter.Message);
            Assert.Equal(counter, letter.Recipient);
            Assert.Equal(TestActor, letter.Sender);
        }
        Assert.IsType<PoisonPill>(deadLetters.ExpectMsg<DeadLetter>().Message);

        counter.Tell("late", TestActor);
        Assert.Equal("late", deadLetters.ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public void PoisonPill_stops_after_the_messages_before_it()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters);
        var counter = Sys.ActorOf(Props.Create(() => new CounterActor(TestActor)));
        ExpectMsg("PreStart");
        using var gate = new ManualResetEventSlim();
        counter.Tell(new Block(gate, TestActor));
        ExpectMsg("blocked");
        counter.Tell("get", TestActor);
        counter.Tell(PoisonPill.Instance);
        counter.Tell("get", TestActor);
        gate.Set();

        ExpectMsg(0);
        ExpectMsg("PostStop");
        Assert.Equal("get", deadLetters.ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public void Children_stop_before_the_parents_PostStop()
    {
        var parent = Sys.ActorOf(Props.Create(() => new FamilyActor(TestActor, 3)));
        parent.Tell("children", TestActor);
        Assert.Equal(new[] { "child-0", "child-1", "child-2" }, ExpectMsg<string[]>());

        Sys.Stop(parent);

        var order = ReceiveN(4).Cast<string>().ToList();
        Assert.Equal("parent PostStop", order[3]);
        Assert.Equal(new[] { "child-0 PostStop", "child-1 PostStop", "child-2 PostStop" }, order.Take(3).Order());
    }

    [Fact]
    public async Task Terminate_stops_every_actor_and_completes()
    {
        using var kit = new TestKit();
        var probe = CreateTestProbe(); // in this test's own system, which stays up
        kit.Sys.ActorOf(Props.Create(() => new FamilyActor(probe, 2)));
        kit.Sys.ActorOf(Props.Create(() => new CounterActor(probe)));
        probe.ExpectMsg("PreStart");

        await kit.Sys.Terminate().WaitAsync(RemainingOrDefault);

        var stops = probe.ReceiveN(4).Cast<string>().ToHashSet();
        Assert.Equal(new HashSet<string> { "child-0 PostStop", "child-1 PostStop", "parent PostStop", "PostStop" }, stops);
        Assert.True(kit.Sys.WhenTerminated.IsCompleted);
        Assert.Throws<InvalidOperationException>(() => kit.Sys.ActorOf(Props.Create<EchoActor>()));
    }

    [Fact]
    public void Context_exposes_children_by_name()
    {
        var parent = Sys.ActorOf(Props.Create(() => new FamilyActor(TestActor, 2)));
        parent.Tell("child-1", TestActor);
        var child = ExpectMsg<IActorRef>();
        Assert.Equal("child-1", child.Path.Name);
        Assert.Equal(parent.Path, child.Path.Parent);
        parent.Tell("child-9", TestActor);
        ExpectMsg("none");
    }

    [Fact]
    public void A_message_to_dead_letters_is_published_with_its_sender()
    {
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        Sys.DeadLetters.Tell("lost", TestActor);
        var letter = ExpectMsg<DeadLetter>();
        Assert.Equal("lost", letter.Message);
        Assert.Equal(TestActor, letter.Sender);
        Assert.Equal(Sys.DeadLetters, letter.Recipient);
    }

    [Fact]
    public void Telling_nobody_is_dropped()
    {
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        Nobody.Instance.Tell("dropped");
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
