using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Wire;

namespace Sfu.Client.Tests.Media;

/// <summary>
/// mediasoup's close cascade (C0.3): <c>router.close()</c> → transports <c>routerclose</c> → their producers and
/// consumers <c>transportclose</c>; <c>transport.close()</c> → its producers and consumers <c>transportclose</c>, and
/// consumers elsewhere of its producers <c>producerclose</c>; <c>producer.close()</c> → consumers on any transport
/// <c>producerclose</c>. Checked on the C# objects and on the wire notifications (<c>*.close</c> with a reason).
/// </summary>
public abstract class CloseCascadeTests(SfuTargetFixture fixture) : MediaApiTestBase(fixture)
{
    private sealed record Room(IRouter Router, IPlainTransport Sending, IPlainTransport Receiving, IProducer Audio, IProducer Video,
        IConsumer AudioOut, IConsumer VideoOut, IConsumer AudioBack);

    /// <summary>Two transports; each consumes the other's producer, so closes cross transports.</summary>
    private async Task<Room> CreateRoomAsync(IRouter? router = null)
    {
        router ??= await CreateRouterAsync();
        var sending = await CreatePlainAsync(router);
        var receiving = await CreatePlainAsync(router);
        var audio = await sending.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters() });
        var video = await sending.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = Vp8Parameters() });
        var back = await receiving.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = OpusParameters(ssrc: 999) });
        var audioOut = await receiving.ConsumeAsync(new ConsumerOptions { ProducerId = audio.Id, RtpCapabilities = DeviceCapabilities });
        var videoOut = await receiving.ConsumeAsync(new ConsumerOptions { ProducerId = video.Id, RtpCapabilities = DeviceCapabilities });
        var audioBack = await sending.ConsumeAsync(new ConsumerOptions { ProducerId = back.Id, RtpCapabilities = DeviceCapabilities });
        return new Room(router, sending, receiving, audio, video, audioOut, videoOut, audioBack);
    }

    /// <summary>Records "kind id reason" for every close event of the given objects.</summary>
    private static EventLog<string> Watch(params object[] entities)
    {
        var log = new EventLog<string>();
        foreach (var entity in entities)
        {
            switch (entity)
            {
                case IRouter r:
                    r.Closed += (_, e) => log.Add($"router {r.Id} {e.Reason}");
                    break;
                case ITransport t:
                    t.Closed += (_, e) => log.Add($"transport {t.Id} {e.Reason}");
                    break;
                case IProducer p:
                    p.Closed += (_, e) => log.Add($"producer {p.Id} {e.Reason}");
                    break;
                case IConsumer c:
                    c.Closed += (_, e) => log.Add($"consumer {c.Id} {e.Reason}");
                    break;
            }
        }
        return log;
    }

    private static string ReasonOf(IEnumerable<WireNotification> notifications, string method, string idField, string id) =>
        notifications.Single(n => n.Method == method && n.Data.GetProperty(idField).GetString() == id).Data.GetProperty("reason").GetString()!;

    [Fact]
    public async Task Closing_the_router_closes_transports_with_routerclose_and_everything_in_them_with_transportclose()
    {
        var room = await CreateRoomAsync();
        var closes = Watch(room.Router, room.Sending, room.Receiving, room.Audio, room.Video, room.AudioOut, room.VideoOut, room.AudioBack);
        var notifications = Notifications();

        await room.Router.CloseAsync();

        var all = await closes.WaitForCountAsync(8);
        Assert.Equal(8, all.Distinct().Count());
        Assert.Contains($"router {room.Router.Id} {CloseReasons.App}", all);
        Assert.Contains($"transport {room.Sending.Id} {CloseReasons.RouterClose}", all);
        Assert.Contains($"transport {room.Receiving.Id} {CloseReasons.RouterClose}", all);
        Assert.Contains($"producer {room.Audio.Id} {CloseReasons.TransportClose}", all);
        Assert.Contains($"producer {room.Video.Id} {CloseReasons.TransportClose}", all);
        // A consumer whose producer lives on another transport still closes with its own transport.
        Assert.Contains($"consumer {room.AudioOut.Id} {CloseReasons.TransportClose}", all);
        Assert.Contains($"consumer {room.VideoOut.Id} {CloseReasons.TransportClose}", all);
        Assert.Contains($"consumer {room.AudioBack.Id} {CloseReasons.TransportClose}", all);

        var wire = await notifications.WaitForAsync(n => n.Method == WireMethods.RouterClosed, "router.close");
        Assert.Equal(CloseReasons.App, wire.Data.GetProperty("reason").GetString());
        var items = notifications.Items;
        Assert.Equal(CloseReasons.RouterClose, ReasonOf(items, WireMethods.TransportClosed, "transportId", room.Sending.Id));
        Assert.Equal(CloseReasons.TransportClose, ReasonOf(items, WireMethods.ProducerClosed, "producerId", room.Audio.Id));
        Assert.Equal(CloseReasons.TransportClose, ReasonOf(items, WireMethods.ConsumerClosed, "consumerId", room.AudioOut.Id));
        Assert.DoesNotContain(items, n => n.Method == WireMethods.ConsumerProducerCloseNotification);
        // The router's own close comes last.
        Assert.Equal(WireMethods.RouterClosed, items.Last(n => n.Method.EndsWith(".close", StringComparison.Ordinal)).Method);

        await AssertError(() => room.Sending.DumpAsync());
        await AssertError(() => room.Audio.DumpAsync());
        await AssertError(() => room.AudioOut.DumpAsync());
    }

    [Fact]
    public async Task Closing_a_transport_closes_its_entities_with_transportclose_and_consumers_elsewhere_with_producerclose()
    {
        var room = await CreateRoomAsync();
        var closes = Watch(room.Sending, room.Receiving, room.Audio, room.Video, room.AudioOut, room.VideoOut, room.AudioBack);
        var notifications = Notifications();

        await room.Sending.CloseAsync();

        var all = await closes.WaitForCountAsync(6);
        Assert.Equal(
            new[]
            {
                $"transport {room.Sending.Id} {CloseReasons.App}",
                $"producer {room.Audio.Id} {CloseReasons.TransportClose}",
                $"producer {room.Video.Id} {CloseReasons.TransportClose}",
                $"consumer {room.AudioBack.Id} {CloseReasons.TransportClose}",
                $"consumer {room.AudioOut.Id} {CloseReasons.ProducerClose}",
                $"consumer {room.VideoOut.Id} {CloseReasons.ProducerClose}",
            }.Order(),
            all.Order());
        await notifications.WaitForAsync(n => n.Method == WireMethods.ConsumerProducerCloseNotification
            && n.Data.GetProperty("consumerId").GetString() == room.VideoOut.Id, "consumer.producerclose");

        // The other transport and its producer live on; the router maps show only them.
        Assert.False(room.Receiving.IsClosed);
        var dump = await room.Router.DumpAsync();
        Assert.Equal([room.Receiving.Id], dump.TransportIds);
        var entry = Assert.Single(dump.MapProducerIdConsumerIds);
        Assert.Empty(entry.Values);
        Assert.Empty(dump.MapConsumerIdProducerId);
        Assert.Empty((await room.Receiving.DumpAsync()).ConsumerIds);
    }

    [Fact]
    public async Task Closing_a_producer_closes_its_consumers_on_every_transport_with_producerclose()
    {
        var room = await CreateRoomAsync();
        var third = await CreatePlainAsync(room.Router);
        var another = await third.ConsumeAsync(new ConsumerOptions { ProducerId = room.Video.Id, RtpCapabilities = DeviceCapabilities });
        var closes = Watch(room.VideoOut, another, room.AudioOut, room.Video);
        var notifications = Notifications();

        await room.Video.CloseAsync();

        var all = await closes.WaitForCountAsync(3);
        Assert.Equal(
            new[]
            {
                $"producer {room.Video.Id} {CloseReasons.App}",
                $"consumer {room.VideoOut.Id} {CloseReasons.ProducerClose}",
                $"consumer {another.Id} {CloseReasons.ProducerClose}",
            }.Order(),
            all.Order());
        foreach (var id in new[] { another.Id, room.VideoOut.Id })
        {
            await notifications.WaitForAsync(n => n.Method == WireMethods.ConsumerClosed && n.Data.GetProperty("consumerId").GetString() == id, "consumer.close");
        }
        var items = notifications.Items;
        Assert.Equal(
            new[] { another.Id, room.VideoOut.Id }.Order(),
            items.Where(n => n.Method == WireMethods.ConsumerProducerCloseNotification).Select(n => n.Data.GetProperty("consumerId").GetString()).Order());
        Assert.Equal(CloseReasons.ProducerClose, ReasonOf(items, WireMethods.ConsumerClosed, "consumerId", another.Id));

        Assert.False(room.AudioOut.IsClosed);
        var dump = await room.Router.DumpAsync();
        Assert.DoesNotContain(dump.MapProducerIdConsumerIds, e => e.Key == room.Video.Id);
        Assert.DoesNotContain(dump.MapConsumerIdProducerId, e => e.Value == room.Video.Id);
        Assert.Equal([room.AudioOut.Id], dump.MapProducerIdConsumerIds.Single(e => e.Key == room.Audio.Id).Values);
    }

    [Fact]
    public async Task Closing_a_router_at_one_end_of_a_pipe_closes_the_far_pipe_producer_and_its_consumers()
    {
        var router1 = await CreateRouterAsync(workerId: 0);
        var router2 = await CreateRouterAsync(workerId: 1);
        var room = await CreateRoomAsync(router1);
        var (_, pipeProducer) = await router1.PipeToRouterAsync(new PipeToRouterOptions { ProducerId = room.Video.Id, TargetRouterId = router2.Id });
        var output = await CreatePlainAsync(router2);
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = pipeProducer.Id, RtpCapabilities = DeviceCapabilities });
        var closes = Watch(pipeProducer, consumer, output);

        await router1.CloseAsync();

        var all = await closes.WaitForCountAsync(2);
        Assert.Contains($"consumer {consumer.Id} {CloseReasons.ProducerClose}", all);
        Assert.Contains(all, e => e.StartsWith($"producer {pipeProducer.Id} ", StringComparison.Ordinal));
        Assert.False(output.IsClosed);
        await WaitUntilAsync(() => router2.DumpAsync(), d => d.TransportIds.SequenceEqual([output.Id]), "router 2's pipe transport to close");
        Assert.Empty((await router2.DumpAsync()).MapProducerIdConsumerIds);
    }
}

public sealed class CloseCascadeInProcessTests(InProcessTargetFixture fixture) : CloseCascadeTests(fixture), IClassFixture<InProcessTargetFixture>;

public sealed class CloseCascadeOverWebSocketTests(WebSocketTargetFixture fixture) : CloseCascadeTests(fixture), IClassFixture<WebSocketTargetFixture>;
