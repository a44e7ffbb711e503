using Sfu.Actors.Runtime;
using Sfu.Actors.Runtime.TestKit;

namespace Sfu.Actors.Tests.Runtime;

/// <summary>The TestKit itself: its expectations must fail when they should.</summary>
public sealed class TestKitTests : TestKit
{
    [Fact]
    public void ExpectMsg_times_out_with_a_clear_message()
    {
        var ex = Assert.Throws<TestKitAssertionException>(() => ExpectMsg<string>(TimeSpan.FromMilliseconds(50)));
        Assert.Contains("Timeout", ex.Message, StringComparison.Ordinal);
        Assert.Contains("String", ex.Message, StringComparison.Ordinal);
        Assert.Contains(TestActor.Path.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectMsg_of_the_wrong_type_names_both_types()
    {
        TestActor.Tell(42);
        var ex = Assert.Throws<TestKitAssertionException>(() => ExpectMsg<string>());
        Assert.Contains("System.String", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectMsg_with_a_value_compares_by_equality()
    {
        TestActor.Tell("a");
        TestActor.Tell("b");
        ExpectMsg("a");
        var ex = Assert.Throws<TestKitAssertionException>(() => ExpectMsg("c"));
        Assert.Contains("Expected c", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectMsg_with_a_predicate_fails_when_it_does_not_match()
    {
        TestActor.Tell(5);
        TestActor.Tell(6);
        Assert.Equal(5, ExpectMsg<int>(i => i == 5));
        Assert.Throws<TestKitAssertionException>(() => ExpectMsg<int>(i => i == 5));
    }

    [Fact]
    public void ExpectNoMsg_fails_when_something_arrives()
    {
        TestActor.Tell("surprise");
        var ex = Assert.Throws<TestKitAssertionException>(() => ExpectNoMsg(TimeSpan.FromSeconds(1)));
        Assert.Contains("surprise", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_async_expectations_behave_like_the_blocking_ones()
    {
        TestActor.Tell("x");
        Assert.Equal("x", await ExpectMsgAsync<string>());
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAsync<TestKitAssertionException>(() => ExpectMsgAsync<string>(TimeSpan.FromMilliseconds(50)));
        TestActor.Tell("y");
        await Assert.ThrowsAsync<TestKitAssertionException>(() => ExpectNoMsgAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void ExpectTerminated_fails_on_another_message()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        TestActor.Tell("not terminated");
        Assert.Throws<TestKitAssertionException>(() => ExpectTerminated(echo));
    }

    [Fact]
    public void AwaitAssert_retries_until_the_assertion_passes()
    {
        var calls = 0;
        AwaitAssert(() => Assert.True(++calls >= 3), interval: TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, calls);
    }

    [Fact]
    public void AwaitAssert_rethrows_the_last_failure_when_time_runs_out()
    {
        var calls = 0;
        var ex = Assert.Throws<InvalidOperationException>(() =>
            AwaitAssert(() => throw new InvalidOperationException("attempt " + ++calls), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(10)));
        Assert.True(calls > 1);
        Assert.Equal("attempt " + calls, ex.Message);
    }

    [Fact]
    public async Task AwaitAssertAsync_retries_until_the_assertion_passes()
    {
        var calls = 0;
        await AwaitAssertAsync(() => Assert.True(++calls >= 3), interval: TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, calls);
    }

    [Fact]
    public void AwaitCondition_fails_with_a_TestKit_exception_when_the_condition_stays_false()
    {
        var ex = Assert.Throws<TestKitAssertionException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(50), message: "never"));
        Assert.Contains("never", ex.Message, StringComparison.Ordinal);
        var n = 0;
        AwaitCondition(() => ++n == 2, interval: TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Within_bounds_the_default_timeout_of_expectations_inside_it()
    {
        var max = TimeSpan.FromMilliseconds(300);
        Within(max, () =>
        {
            Assert.True(RemainingOrDefault <= Dilated(max));
            Within(TimeSpan.FromSeconds(30), () => Assert.True(RemainingOrDefault <= Dilated(max))); // never beyond the outer
        });
        Assert.Equal(TestKitSettings.DefaultTimeout, RemainingOrDefault);

        var ex = Assert.Throws<TestKitAssertionException>(() => Within(max, () => ExpectMsg<string>()));
        Assert.Contains("Timeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Within_fails_when_the_block_takes_longer_than_allowed()
    {
        var max = TimeSpan.FromMilliseconds(20);
        // A block that outlasts the limit: it waits three limits for a message nobody sends (the TestKit's own wait).
        var ex = Assert.Throws<TestKitAssertionException>(() => Within(max, () => ExpectNoMsg(max * 3)));
        Assert.Contains("Within", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithinAsync_returns_when_the_block_finishes_in_time()
    {
        TestActor.Tell("in time");
        await WithinAsync(TimeSpan.FromSeconds(3), async () => Assert.Equal("in time", await ExpectMsgAsync<string>()));
    }

    [Fact]
    public void A_probe_replies_to_and_forwards_from_its_last_sender()
    {
        var probe = CreateTestProbe("router-probe");
        var other = CreateTestProbe();

        probe.Tell("request", TestActor);
        probe.ExpectMsg("request");
        Assert.Equal(TestActor, probe.LastSender);
        probe.Reply("response");
        ExpectMsg("response");
        Assert.Equal(probe, LastSender);

        probe.Forward(other);
        other.ExpectMsg("request");
        Assert.Equal(TestActor, other.LastSender);

        other.Send(probe, "sent");
        probe.ExpectMsg("sent");
        Assert.Equal(other, probe.LastSender);
        Assert.Equal("router-probe", probe.Path.Name);
    }

    [Fact]
    public async Task A_probe_can_answer_an_ask()
    {
        var probe = CreateTestProbe();
        var ask = probe.Ask<string>("question", RemainingOrDefault);
        probe.ExpectMsg("question");
        probe.Reply("answer");
        Assert.Equal("answer", await ask);
    }

    [Fact]
    public void A_probe_equals_its_ref_both_ways()
    {
        var probe = CreateTestProbe();
        Assert.True(probe.Equals(probe.Ref));
        Assert.True(probe.Ref.Equals(probe));
        Assert.Equal(probe.Ref.GetHashCode(), probe.GetHashCode());
        Assert.False(probe.Equals(TestActor));
    }

    [Fact]
    public void ReceiveN_and_FishForMessage_take_what_they_need()
    {
        for (var i = 0; i < 5; i++)
        {
            TestActor.Tell(i);
        }
        Assert.Equal(new object[] { 0, 1 }, ReceiveN(2));
        Assert.Equal(4, FishForMessage<int>(i => i == 4));
        Assert.Throws<TestKitAssertionException>(() => ReceiveN(1, TimeSpan.FromMilliseconds(50)));
        Assert.Null(ReceiveOne(TimeSpan.FromMilliseconds(10)));
    }

    [Theory]
    [InlineData(null, 1.0)]
    [InlineData("", 1.0)]
    [InlineData("2", 2.0)]
    [InlineData("0.5", 0.5)]
    public void The_time_factor_parses_positive_numbers(string? value, double expected)
    {
        Assert.Equal(expected, TestKitSettings.ParseTimeFactor(value));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("fast")]
    public void The_time_factor_rejects_anything_else(string value)
    {
        Assert.Throws<InvalidOperationException>(() => TestKitSettings.ParseTimeFactor(value));
    }

    [Fact]
    public void Disposing_a_TestKit_terminates_its_system()
    {
        var kit = new TestKit();
        var actor = kit.Sys.ActorOf(Props.Create(() => new CounterActor(TestActor)));
        ExpectMsg("PreStart");
        kit.Dispose();
        Assert.True(kit.Sys.WhenTerminated.IsCompleted);
        ExpectMsg("PostStop");
        kit.Dispose(); // twice is harmless
    }
}
