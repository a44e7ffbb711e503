using Sfu.Actors.Runtime;
using Sfu.Actors.Runtime.TestKit;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>Typed handlers, Become, ReceiveAsync and unhandled messages.</summary>
public sealed class ReceiveActorTests : TestKit
{
    private sealed class SwitchActor : ReceiveActor
    {
        private int _opened;

        public SwitchActor() => Become(Closed);

        private void Closed()
        {
            Receive<string>(_ => Sender.Tell("closed"), s => s == "state");
            Receive<string>(_ =>
            {
                _opened++;
                Become(Open);
                Sender.Tell("opening");
            }, s => s == "open");
        }

        private void Open()
        {
            Receive<string>(_ => Sender.Tell($"open #{_opened}"), s => s == "state");
            Receive<string>(_ => Become(Closed), s => s == "close");
        }
    }

    private sealed class FirstMatchActor : ReceiveActor
    {
        public FirstMatchActor()
        {
            Receive<int>(i => Sender.Tell("small " + i), i => i < 10);
            Receive<int>(i => Sender.Tell("big " + i));
            Receive<object>(o => Sender.Tell("object " + o));
        }
    }

    private sealed class PlainActor : ActorBase
    {
        protected override bool Receive(object message)
        {
            if (message is "shout")
            {
                Context.Become(m =>
                {
                    Sender.Tell(m.ToString()!.ToUpperInvariant());
                    return true;
                });
                return true;
            }
            if (message is string s)
            {
                Sender.Tell(s);
                return true;
            }
            return false;
        }
    }

    private sealed class LateRegistrationActor : ReceiveActor
    {
        public LateRegistrationActor() =>
            ReceiveAny(_ =>
            {
                try
                {
                    Receive<int>(_ => { });
                    Sender.Tell("registered");
                }
                catch (InvalidOperationException e)
                {
                    Sender.Tell(e.GetType().Name);
                }
            });
    }

    [Fact]
    public async Task Become_switches_the_behaviour_and_keeps_the_state()
    {
        var actor = Sys.ActorOf(Props.Create<SwitchActor>());
        Assert.Equal("closed", await actor.Ask<string>("state", RemainingOrDefault));
        Assert.Equal("opening", await actor.Ask<string>("open", RemainingOrDefault));
        Assert.Equal("open #1", await actor.Ask<string>("state", RemainingOrDefault));
        actor.Tell("close");
        Assert.Equal("closed", await actor.Ask<string>("state", RemainingOrDefault));
        await actor.Ask<string>("open", RemainingOrDefault);
        Assert.Equal("open #2", await actor.Ask<string>("state", RemainingOrDefault));
    }

    [Fact]
    public async Task A_message_the_current_behaviour_does_not_handle_is_unhandled()
    {
        var actor = Sys.ActorOf(Props.Create<SwitchActor>());
        var ex = await Assert.ThrowsAsync<UnhandledMessageException>(() => actor.Ask<string>("close", RemainingOrDefault));
        Assert.Equal("close", ex.UnhandledMessage);
        Assert.Equal(actor, ex.Recipient);
    }

    [Fact]
    public void Unhandled_messages_are_published_on_the_event_stream()
    {
        Sys.EventStream.Subscribe<UnhandledMessage>(TestActor);
        var actor = Sys.ActorOf(Props.Create<SwitchActor>());
        var probe = CreateTestProbe();
        probe.Send(actor, 12345);

        var unhandled = ExpectMsg<UnhandledMessage>();
        Assert.Equal(12345, unhandled.Message);
        Assert.Equal(actor, unhandled.Recipient);
        Assert.Equal(probe, unhandled.Sender);
    }

    [Fact]
    public async Task The_first_matching_handler_wins()
    {
        var actor = Sys.ActorOf(Props.Create<FirstMatchActor>());
        Assert.Equal("small 3", await actor.Ask<string>(3, RemainingOrDefault));
        Assert.Equal("big 30", await actor.Ask<string>(30, RemainingOrDefault));
        Assert.Equal("object x", await actor.Ask<string>("x", RemainingOrDefault));
    }

    [Fact]
    public async Task A_plain_actor_can_Become_a_receive_function()
    {
        var actor = Sys.ActorOf(Props.Create<PlainActor>());
        Assert.Equal("hi", await actor.Ask<string>("hi", RemainingOrDefault));
        actor.Tell("shout");
        Assert.Equal("HI", await actor.Ask<string>("hi", RemainingOrDefault));
        await Assert.ThrowsAsync<UnhandledMessageException>(() => Sys.ActorOf(Props.Create<PlainActor>()).Ask<string>(1, RemainingOrDefault));
    }

    [Fact]
    public async Task Handlers_can_only_be_registered_in_the_constructor_or_Become()
    {
        var actor = Sys.ActorOf(Props.Create<LateRegistrationActor>());
        Assert.Equal(nameof(InvalidOperationException), await actor.Ask<string>("go", RemainingOrDefault));
    }

    // ------------------------------------------------------------------------------------------------------------
    // ReceiveAsync

    private sealed record StartWork(Task Gate);

    private sealed class AsyncActor : ReceiveActor
    {
        public AsyncActor(IActorRef probe)
        {
            ReceiveAsync<StartWork>(async w =>
            {
                var sender = Sender;
                probe.Tell(("started", Environment.CurrentManagedThreadId));
                await w.Gate;
                probe.Tell(("resumed", Environment.CurrentManagedThreadId));
                Assert.Equal(sender, Sender); // still this message's sender after the await
                await Task.Yield();
                Sender.Tell("work done");
            });
            ReceiveAsync<Fail>(async f =>
            {
                await Task.Yield();
                throw f.Exception;
            });
            Receive<string>(s => probe.Tell(("handled " + s, Environment.CurrentManagedThreadId)));
        }
    }

    [Fact]
    public async Task ReceiveAsync_suspends_the_mailbox_until_the_handler_completes()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AsyncActor(TestActor)));
        var gate = new TaskCompletionSource();

        var reply = actor.Ask<string>(new StartWork(gate.Task), RemainingOrDefault * 2);
        ExpectMsg<(string, int)>(m => m.Item1 == "started");
        actor.Tell("meanwhile");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        gate.SetResult();

        ExpectMsg<(string, int)>(m => m.Item1 == "resumed");
        ExpectMsg<(string, int)>(m => m.Item1 == "handled meanwhile");
        Assert.Equal("work done", await reply);
    }

    [Fact]
    public async Task ReceiveAsync_continuations_run_on_the_actors_dispatcher_thread()
    {
        using var dispatcher = new DedicatedThreadDispatcher("async-actor");
        var actor = Sys.ActorOf(Props.Create(() => new AsyncActor(TestActor)).WithDispatcher(dispatcher));
        var gate = new TaskCompletionSource(); // completed from this thread, with inline continuations allowed

        var reply = actor.Ask<string>(new StartWork(gate.Task), RemainingOrDefault * 2);
        var started = ExpectMsg<(string What, int Thread)>();
        gate.SetResult();
        var resumed = ExpectMsg<(string What, int Thread)>();

        Assert.Equal(dispatcher.ManagedThreadId, started.Thread);
        Assert.Equal(dispatcher.ManagedThreadId, resumed.Thread);
        Assert.Equal("work done", await reply);
        Sys.Stop(actor);
    }

    [Fact]
    public async Task A_failing_async_handler_fails_the_ask_and_the_actor_goes_on()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AsyncActor(TestActor)));
        var boom = new InvalidOperationException("async boom");

        Assert.Same(boom, await Assert.ThrowsAsync<InvalidOperationException>(() => actor.Ask<string>(new Fail(boom), RemainingOrDefault)));

        actor.Tell("next");
        ExpectMsg<(string, int)>(m => m.Item1 == "handled next");
    }

    [Fact]
    public async Task Stopping_an_actor_while_its_async_handler_waits_abandons_the_handler()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AsyncActor(TestActor)));
        Watch(actor);
        var gate = new TaskCompletionSource();
        var reply = actor.Ask<string>(new StartWork(gate.Task), TimeSpan.FromDays(1));
        ExpectMsg<(string, int)>(m => m.Item1 == "started");

        Sys.Stop(actor);
        ExpectTerminated(actor);
        gate.SetResult();

        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // the rest of the handler never runs
        Assert.False(reply.IsCompleted);
    }

    private sealed class InterleavingActor : ReceiveActor
    {
        private int _inside;
        private int _overlaps;
        private int _count;

        public InterleavingActor(IActorRef probe, int expected) =>
            ReceiveAsync<int>(async _ =>
            {
                if (Interlocked.Increment(ref _inside) != 1)
                {
                    _overlaps++;
                }
                await Task.Yield();
                await Task.Delay(1);
                Interlocked.Decrement(ref _inside);
                if (++_count == expected)
                {
                    probe.Tell(("done", _overlaps));
                }
            });
    }

    [Fact]
    public void Async_handlers_never_overlap()
    {
        var actor = Sys.ActorOf(Props.Create(() => new InterleavingActor(TestActor, 100)));
        Parallel.For(0, 100, i => actor.Tell(i));
        ExpectMsg(("done", 0), RemainingOrDefault * 3);
    }

    private sealed class AskingActor : ReceiveActor
    {
        public AskingActor(IActorRef backend, IActorRef probe) =>
            ReceiveAsync<string>(async question =>
            {
                var before = Environment.CurrentManagedThreadId;
                var answer = await backend.Ask<string>(question, TimeSpan.FromSeconds(30));
                probe.Tell(before == Environment.CurrentManagedThreadId);
                Sender.Tell("backend said " + answer);
            });
    }

    [Fact]
    public async Task An_async_handler_on_a_pinned_dispatcher_can_await_an_ask_of_another_actor()
    {
        using var dispatcher = new DedicatedThreadDispatcher("asking-actor");
        var backend = Sys.ActorOf(Props.Create<EchoActor>());
        var actor = Sys.ActorOf(Props.Create(() => new AskingActor(backend, TestActor)).WithDispatcher(dispatcher));

        Assert.Equal("backend said hello", await actor.Ask<string>("hello", RemainingOrDefault));
        Assert.Equal("backend said again", await actor.Ask<string>("again", RemainingOrDefault));
        ExpectMsg(true);
        ExpectMsg(true);
        Sys.Stop(actor);
    }
}
