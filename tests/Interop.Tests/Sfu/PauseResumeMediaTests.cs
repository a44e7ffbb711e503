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

        await MediaAssert.PauseAndResumeConsumerAsync(producer, sink);

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
        var paused = sinks.Select(s => MediaAssert.Raised(h => s.Consumer.ProducerPaused += h)).ToArray();
        var resumed = sinks.Select(s => MediaAssert.Raised(h => s.Consumer.ProducerResumed += h)).ToArray();
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

        await MediaAssert.AssertNothingSentWhileSenderGoesOnAsync(producer, first, sentBeforePause[0]);
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
            await MediaAssert.AssertRestartsAtKeyFrameAsync(sinks[i], marks[i], lastBeforePause[i]);
            await sinks[i].Receiver.WaitForFramesAsync(framesBeforeResume[i] + 30, Timeout);
            sinks[i].Receiver.AssertNoErrors();
            sinks[i].AssertContinuousStream();
        }
    }
}
