using Sfu.Actors.Runtime;
using Sfu.Actors.Runtime.TestKit;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>Watch / Terminated.</summary>
public sealed class DeathWatchTests : TestKit
{
    private sealed record WatchIt(IActorRef Subject);

    private sealed record UnwatchIt(IActorRef Subject);

    /// <summary>Watches on request and reports everything it gets (with the sender) to the probe.</summary>
    private sealed class WatcherActor : ReceiveActor
    {
        public WatcherActor(IActorRef probe)
        {
            Receive<WatchIt>(w =>
            {
                Context.Watch(w.Subject);
                Context.Watch(w.Subject); // twice: still one Terminated
                Sender.Tell("watching");
            });
            Receive<UnwatchIt>(w =>
            {
                Context.Unwatch(w.Subject);
                Sender.Tell("unwatched");
            });
            Receive<Terminated>(t => probe.Tell((t, Sender)));
            ReceiveAny(m => probe.Tell(m));
        }
    }

    /// <summary>Sends n numbers to a target, then stops itself.</summary>
    private sealed class ChattyActor : ReceiveActor
    {
        public ChattyActor(IActorRef target) =>
            Receive<int>(n =>
            {
                for (var i = 0; i < n; i++)
                {
                    target.Tell(i);
                }
                Context.Stop(Self);
            });
    }

    [Fact]
    public void A_watcher_gets_Terminated_exactly_once_when_the_actor_stops()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Watch(echo);
        Watch(echo);

        Sys.Stop(echo);

        Assert.Equal(echo, ExpectTerminated(echo).ActorRef);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Watching_an_actor_that_is_already_dead_delivers_Terminated_at_once_and_once()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Watch(echo);
        Sys.Stop(echo);
        ExpectTerminated(echo);

        var late = CreateTestProbe();
        late.Watch(echo);
        late.Watch(echo);

        late.ExpectTerminated(echo);
        late.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void An_actor_watching_another_gets_Terminated_from_the_dead_actor()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new WatcherActor(TestActor)));
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        watcher.Tell(new WatchIt(echo), TestActor);
        ExpectMsg("watching");

        Sys.Stop(echo);

        var (terminated, sender) = ExpectMsg<(Terminated, IActorRef)>();
        Assert.Equal(echo, terminated.ActorRef);
        Assert.Equal(echo, sender);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Terminated_comes_after_every_message_the_dead_actor_sent_before_stopping()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new WatcherActor(TestActor)));
        var chatty = Sys.ActorOf(Props.Create(() => new ChattyActor(watcher)));
        watcher.Tell(new WatchIt(chatty), TestActor);
        ExpectMsg("watching");

        chatty.Tell(500);

        for (var i = 0; i < 500; i++)
        {
            ExpectMsg(i);
        }
        ExpectMsg<(Terminated, IActorRef)>();
    }

    [Fact]
    public void After_Unwatch_no_Terminated_arrives()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new WatcherActor(TestActor)));
        var control = CreateTestProbe();
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        watcher.Tell(new WatchIt(echo), TestActor);
        ExpectMsg("watching");
        watcher.Tell(new UnwatchIt(echo), TestActor);
        ExpectMsg("unwatched");
        control.Watch(echo);

        Sys.Stop(echo);

        control.ExpectTerminated(echo); // the actor did stop...
        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // ...but the unwatched watcher heard nothing
    }

    [Fact]
    public void A_watcher_that_stops_first_is_not_notified_and_nothing_breaks()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new WatcherActor(TestActor)));
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        watcher.Tell(new WatchIt(echo), TestActor);
        ExpectMsg("watching");
        Watch(watcher);
        Sys.Stop(watcher);
        ExpectTerminated(watcher);

        Watch(echo);
        Sys.Stop(echo);
        ExpectTerminated(echo);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_parent_may_watch_its_child()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(SupervisorStrategy.DefaultStrategy, Props.Create<EchoActor>(), "kid")));
        parent.Tell("child", TestActor);
        var kid = ExpectMsg<IActorRef>();
        Watch(kid);
        Sys.Stop(parent);
        ExpectTerminated(kid);
    }
}
