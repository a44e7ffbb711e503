using Sfu.Contracts.Api;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Interop.Tests.Harness;

namespace Sfu.Interop.Tests.Sfu;

/// <summary>
/// C5/C6/P6 with real media: pausing stops the packets on the wire (proved while the SFU keeps receiving the
/// sender's packets), resuming restarts them at a VP8 key frame with the consumer's sequence numbers continuing where
/// they stopped, and the decoders go on decoding without an error.
/// </summary>
[Trait("Category", "Interop")]
public sealed class PauseResumeMediaTests
{
    private static readonly TimeSpan Timeout = SfuFixture.Timeout;

    /// <summary>
    /// Packets the SFU must receive from the sender while paused: about 1.5 s of video, deliberately not a multiple of
    /// the sender's 30-frame key frame interval, so that the sender's next packet after the wait is not (by the
    /// stream's own rhythm) a key frame start.
    /// </summary>
    private const int PacketsWhilePaused = 45;

    [Fact]
    public async Task Pausing_a_consumer_stops_its_packets_and_resuming_restarts_them_at_a_key_frame_without_a_sequence_gap()
    {
        await using var sfu = SfuFixture.Start("consumer-pause-node");
        var router = await sfu.Sfu.CreateRouterAsync(SfuFixture.Codecs());
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = SfuFixture.Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = SfuFixture.Vp8Sent(2222) });
        using var sink = await ConsumerSink.StartAsync(router, producer.Id);
        using var sender = await GstSender.StartVp8Async(new SenderOptions { Destination = MediaAssert.InputOf(input), PayloadType = 96, Ssrc = 2222 });
        await sink.Receiver.WaitForFramesAsync(30, Timeout);

        await sink.Consumer.PauseAsync();
        Assert.True(sink.Consumer.IsPaused);
        long sentBeforePause = (await sink.GetOutboundStatsAsync()).PacketCount;
        await sink.Tap.WaitForPacketsAsync((int)sentBeforePause, Timeout); // what left before the pause has arrived
        await AssertNothingSentWhileSenderGoesOnAsync(producer, sink, sentBeforePause);

        var lastBeforePause = sink.Tap.Packets[^1];
        long framesBeforeResume = sink.Receiver.DecodedFrames;
        var resumed = sink.Tap.Mark();
        await sink.Consumer.ResumeAsync();

        await AssertRestartsAtKeyFrameAsync(sink, resumed, lastBeforePause);
        await sink.Receiver.WaitForFramesAsync(framesBeforeResume + 30, Timeout);
        sink.Receiver.AssertNoErrors();
        sink.AssertContinuousStream();
    }

    [Fact]
    public async Task Pausing_a_producer_tells_its_consumers_and_stops_their_packets_until_it_resumes_at_a_key_frame()
    {
        await using var sfu = SfuFixture.Start("producer-pause-node");
        var router = await sfu.Sfu.CreateRouterAsync(SfuFixture.Codecs());
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = SfuFixture.Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = SfuFixture.Vp8Sent(3333) });
        using var first = await ConsumerSink.StartAsync(router, producer.Id, new SinkOptions { Name = "first" });
        using var second = await ConsumerSink.StartAsync(router, producer.Id, new SinkOptions { Name = "second" });
        ConsumerSink[] sinks = [first, second];
        var paused = sinks.Select(s => Raised(h => s.Consumer.ProducerPaused += h)).ToArray();
        var resumed = sinks.Select(s => Raised(h => s.Consumer.ProducerResumed += h)).ToArray();
        using var sender = await GstSender.StartVp8Async(new SenderOptions { Destination = MediaAssert.InputOf(input), PayloadType = 96, Ssrc = 3333 });
        foreach (var sink in sinks)
        {
            await sink.Receiver.WaitForFramesAsync(30, Timeout);
        }

        await producer.PauseAsync();
        await Task.WhenAll(paused).WaitAsync(Timeout);
        Assert.True(producer.IsPaused);
        Assert.All(sinks, s => Assert.True(s.Consumer.IsProducerPaused));
        Assert.All(sinks, s => Assert.False(s.Consumer.IsPaused));
        var sentBeforePause = new long[sinks.Length];
        for (int i = 0; i < sinks.Length; i++)
        {
            sentBeforePause[i] = (await sinks[i].GetOutboundStatsAsync()).PacketCount;
            await sinks[i].Tap.WaitForPacketsAsync((int)sentBeforePause[i], Timeout);
        }

        await AssertNothingSentWhileSenderGoesOnAsync(producer, first, sentBeforePause[0]);
        Assert.Equal(sentBeforePause[1], (await second.GetOutboundStatsAsync()).PacketCount);
        Assert.True(second.Tap.PacketCount == sentBeforePause[1], second.Tap.Describe($"packets arrived while the producer was paused (sent before: {sentBeforePause[1]})"));

        var lastBeforePause = sinks.Select(s => s.Tap.Packets[^1]).ToArray();
        var framesBeforeResume = sinks.Select(s => s.Receiver.DecodedFrames).ToArray();
        var marks = sinks.Select(s => s.Tap.Mark()).ToArray();
        await producer.ResumeAsync();
        await Task.WhenAll(resumed).WaitAsync(Timeout);
        Assert.False(producer.IsPaused);

        for (int i = 0; i < sinks.Length; i++)
        {
            Assert.False(sinks[i].Consumer.IsProducerPaused);
            await AssertRestartsAtKeyFrameAsync(sinks[i], marks[i], lastBeforePause[i]);
            await sinks[i].Receiver.WaitForFramesAsync(framesBeforeResume[i] + 30, Timeout);
            sinks[i].Receiver.AssertNoErrors();
            sinks[i].AssertContinuousStream();
        }
    }

    /// <summary>
    /// While the SFU receives <see cref="PacketsWhilePaused"/> more packets from the sender, the consumer sends none:
    /// its outbound packetCount stays and its tap sees nothing new.
    /// </summary>
    private static async Task AssertNothingSentWhileSenderGoesOnAsync(IProducer producer, ConsumerSink sink, long sentBeforePause)
    {
        long received = (await MediaAssert.InboundStatsAsync(producer))!.PacketCount;
        await MediaAssert.WaitForProducerPacketsAsync(producer, received, PacketsWhilePaused, Timeout);

        Assert.Equal(sentBeforePause, (await sink.GetOutboundStatsAsync()).PacketCount);
        Assert.True(sink.Tap.PacketCount == sentBeforePause, sink.Tap.Describe($"packets arrived while paused (sent before the pause: {sentBeforePause})"));
    }

    /// <summary>The first packet after <paramref name="resumed"/> starts a VP8 key frame and follows the last one before the pause.</summary>
    private static async Task AssertRestartsAtKeyFrameAsync(ConsumerSink sink, TapMark resumed, TappedPacket lastBeforePause)
    {
        var firstAfterResume = await sink.Tap.WaitForNextPacketAsync(resumed, Timeout);
        Assert.True(firstAfterResume.IsVp8KeyFrameStart, sink.Tap.Describe($"{firstAfterResume} after resume is not the start of a key frame"));
        Assert.True(
            firstAfterResume.SequenceNumber == (ushort)(lastBeforePause.SequenceNumber + 1),
            sink.Tap.Describe($"after {lastBeforePause} the first packet after resume is {firstAfterResume}"));
    }

    /// <summary>A task completed by the first raise of an event.</summary>
    private static Task Raised(Action<EventHandler> subscribe)
    {
        var raised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscribe((_, _) => raised.TrySetResult());
        return raised.Task;
    }
}
