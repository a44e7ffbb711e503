using Sfu.Actors.Runtime;
using Sfu.Actors.Runtime.TestKit;

namespace Sfu.Actors.Tests.Runtime;

public sealed class EventStreamTests : TestKit
{
    private record NodeEvent(string Node);

    private sealed record NodeLost(string Node) : NodeEvent(Node);

    private sealed record NodeJoined(string Node) : NodeEvent(Node);

    [Fact]
    public void A_subscriber_gets_events_of_its_type_and_subtypes_only()
    {
        Assert.True(Sys.EventStream.Subscribe<NodeLost>(TestActor));
        var all = CreateTestProbe();
        Sys.EventStream.Subscribe<NodeEvent>(all);

        Sys.EventStream.Publish(new NodeJoined("a"));
        Sys.EventStream.Publish(new NodeLost("b"));

        ExpectMsg(new NodeLost("b"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        all.ExpectMsg<NodeEvent>(new NodeJoined("a"));
        all.ExpectMsg<NodeEvent>(new NodeLost("b"));
    }

    [Fact]
    public void Subscribing_twice_to_a_type_delivers_once()
    {
        Assert.True(Sys.EventStream.Subscribe<NodeLost>(TestActor));
        Assert.False(Sys.EventStream.Subscribe<NodeLost>(TestActor));
        Sys.EventStream.Publish(new NodeLost("x"));
        ExpectMsg(new NodeLost("x"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void After_unsubscribe_nothing_more_arrives()
    {
        Sys.EventStream.Subscribe<NodeLost>(TestActor);
        Sys.EventStream.Subscribe<NodeJoined>(TestActor);
        Sys.EventStream.Publish(new NodeLost("1"));
        ExpectMsg(new NodeLost("1"));

        Assert.True(Sys.EventStream.Unsubscribe<NodeLost>(TestActor));
        Sys.EventStream.Publish(new NodeLost("2"));
        Sys.EventStream.Publish(new NodeJoined("3"));
        ExpectMsg(new NodeJoined("3"));

        Assert.True(Sys.EventStream.Unsubscribe(TestActor));
        Assert.False(Sys.EventStream.Unsubscribe(TestActor));
        Sys.EventStream.Publish(new NodeJoined("4"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_subscriber_that_stops_is_removed()
    {
        var subscriber = Sys.ActorOf(Props.Create<BlackHoleActor>());
        Sys.EventStream.Subscribe<NodeLost>(subscriber);
        Watch(subscriber);
        Sys.Stop(subscriber);
        ExpectTerminated(subscriber);

        Assert.False(Sys.EventStream.Unsubscribe(subscriber));
    }

    [Fact]
    public void A_dead_dead_letter_subscriber_does_not_loop()
    {
        var subscriber = Sys.ActorOf(Props.Create<BlackHoleActor>());
        Sys.EventStream.Subscribe<DeadLetter>(subscriber);
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        Watch(subscriber);
        Sys.Stop(subscriber);
        ExpectTerminated(subscriber);

        subscriber.Tell("to the dead");

        Assert.Equal("to the dead", ExpectMsg<DeadLetter>().Message);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
