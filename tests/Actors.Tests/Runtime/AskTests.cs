using Sfu.Actors.Runtime;
using Sfu.Actors.Runtime.TestKit;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>Ask and Forward (<see cref="ActorRefExtensions"/>).</summary>
public sealed class AskTests : TestKit
{
    private static readonly TimeSpan Long = TimeSpan.FromDays(1);

    private sealed class ReplyTwiceActor : ReceiveActor
    {
        public ReplyTwiceActor() => ReceiveAny(m =>
        {
            Sender.Tell("first");
            Sender.Tell("second");
        });
    }

    private sealed class StatusActor : ReceiveActor
    {
        public StatusActor()
        {
            Receive<Exception>(e => Sender.Tell(new Status.Failure(e)));
            Receive<int>(i => Sender.Tell(new Status.Success(i)));
            Receive<string>(_ => Sender.Tell(new Status.Success(null)));
        }
    }

    private sealed class ForwardingActor : ReceiveActor
    {
        public ForwardingActor(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }

    [Fact]
    public async Task Ask_returns_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.Equal("hello", await echo.Ask<string>("hello", RemainingOrDefault));
        Assert.Equal(42, await echo.Ask(42, RemainingOrDefault));
    }

    [Fact]
    public async Task The_first_reply_completes_the_ask()
    {
        var actor = Sys.ActorOf(Props.Create<ReplyTwiceActor>());
        Assert.Equal("first", await actor.Ask<string>("go", RemainingOrDefault));
    }

    [Fact]
    public async Task Ask_without_a_reply_fails_with_AskTimeoutException()
    {
        var hole = Sys.ActorOf(Props.Create<BlackHoleActor>());
        var ex = await Assert.ThrowsAsync<AskTimeoutException>(() => hole.Ask<string>("anyone?", TimeSpan.FromMilliseconds(100)));
        Assert.Contains(hole.Path.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_is_cancelled_by_its_token()
    {
        var hole = Sys.ActorOf(Props.Create<BlackHoleActor>());
        using var cts = new CancellationTokenSource();
        var ask = hole.Ask<string>("anyone?", Long, cts.Token);
        Assert.False(ask.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    [Fact]
    public async Task Ask_of_a_stopped_actor_fails_at_once_with_ActorTerminatedException()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Watch(echo);
        Sys.Stop(echo);
        ExpectTerminated(echo);

        var ask = echo.Ask<string>("hello?", Long);

        Assert.True(ask.IsFaulted, "the ask must fail at once, not wait for its timeout");
        var ex = await Assert.ThrowsAsync<ActorTerminatedException>(() => ask);
        Assert.Equal(echo, ex.ActorRef);
    }

    [Fact]
    public async Task Ask_of_nobody_fails_at_once()
    {
        var ask = Nobody.Instance.Ask("hello?", Long);
        Assert.True(ask.IsFaulted);
        await Assert.ThrowsAsync<ActorTerminatedException>(() => ask);
    }

    [Fact]
    public async Task Ask_queued_behind_a_stop_fails_with_ActorTerminatedException()
    {
        var counter = Sys.ActorOf(Props.Create(() => new CounterActor(Nobody.Instance)));
        using var gate = new ManualResetEventSlim();
        counter.Tell(new Block(gate, TestActor));
        ExpectMsg("blocked");
        var ask = counter.Ask<int>("get", Long);
        Sys.Stop(counter);
        gate.Set();

        await Assert.ThrowsAsync<ActorTerminatedException>(() => ask.WaitAsync(RemainingOrDefault));
    }

    [Fact]
    public async Task A_reply_of_the_wrong_type_fails_with_a_clear_InvalidCastException()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var ex = await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<int>("not a number", RemainingOrDefault));
        Assert.Contains("System.Int32", ex.Message, StringComparison.Ordinal);
        Assert.Contains("System.String", ex.Message, StringComparison.Ordinal);
        Assert.Contains(echo.Path.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Status_Failure_reply_faults_the_ask_with_the_same_exception_object()
    {
        var actor = Sys.ActorOf(Props.Create<StatusActor>());
        var original = new InvalidOperationException("the router is closed");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => actor.Ask<string>(original, RemainingOrDefault));
        Assert.Same(original, thrown);
        Assert.Same(original, await Assert.ThrowsAsync<InvalidOperationException>(() => actor.Ask(original, RemainingOrDefault)));
    }

    [Fact]
    public async Task A_Status_Success_reply_is_unwrapped_unless_Status_Success_is_asked_for()
    {
        var actor = Sys.ActorOf(Props.Create<StatusActor>());
        Assert.Equal(7, await actor.Ask<int>(7, RemainingOrDefault));
        Assert.Equal(new Status.Success(7), await actor.Ask<Status.Success>(7, RemainingOrDefault));
        Assert.Null(await actor.Ask<string>("null result", RemainingOrDefault));
    }

    [Fact]
    public async Task Ask_rejects_a_non_positive_timeout()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => echo.Ask<string>("x", TimeSpan.Zero));
    }

    [Fact]
    public async Task Ask_with_an_infinite_timeout_still_gets_its_reply()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.Equal("x", await echo.Ask<string>("x", Timeout.InfiniteTimeSpan).WaitAsync(RemainingOrDefault));
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var target = CreateTestProbe();
        var forwarder = Sys.ActorOf(Props.Create(() => new ForwardingActor(target)));

        forwarder.Tell("hi", TestActor);

        target.ExpectMsg("hi");
        Assert.Equal(TestActor, target.LastSender);
    }

    [Fact]
    public async Task Ask_through_a_forwarder_is_answered_by_the_final_target()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var forwarder = Sys.ActorOf(Props.Create(() => new ForwardingActor(echo)));
        Assert.Equal("ping", await forwarder.Ask<string>("ping", RemainingOrDefault));
    }

    [Fact]
    public void Forward_outside_an_actor_is_an_error()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.Throws<InvalidOperationException>(() => echo.Forward("x"));
    }

    [Fact]
    public void Tell_without_a_sender_inside_an_actor_uses_the_actor_as_sender()
    {
        var target = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new TellingActor(target)));
        actor.Tell("go");
        target.ExpectMsg("from actor");
        Assert.Equal(actor, target.LastSender);

        target.Tell("from test");
        target.ExpectMsg("from test");
        Assert.Same(Nobody.Instance, target.LastSender);
    }

    private sealed class TellingActor : ReceiveActor
    {
        public TellingActor(IActorRef target) => ReceiveAny(_ => target.Tell("from actor"));
    }
}
