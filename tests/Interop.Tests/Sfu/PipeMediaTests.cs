using Sfu.Contracts.Api;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Json;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;
using Sfu.Contracts.Wire;
using Sfu.Interop.Tests.Harness;

namespace Sfu.Interop.Tests.Sfu;

/// <summary>
/// PR1–PR4 with real media: a producer on a router of one worker, piped with <c>router.pipeToRouter</c> to a router
/// of the other worker (pipe consumer → pipe transports over loopback → pipe producer with the same id), consumed
/// there by a normal consumer and decoded.
/// </summary>
[Trait("Category", "Interop")]
public sealed class PipeMediaTests
{
    private static readonly TimeSpan Timeout = SfuFixture.Timeout;

    [Fact]
    public async Task Vp8_piped_to_a_router_of_the_other_worker_is_decoded_from_a_consumer_there()
    {
        await using var sfu = SfuFixture.Start("pipe-node");
        var (source, target, producer, input) = await CreateRoutersAndProducerAsync(sfu, 7777);

        var piped = await source.PipeToRouterAsync(new PipeToRouterOptions { ProducerId = producer.Id, TargetRouterId = target.Id });
        Assert.Equal(producer.Id, piped.PipeProducer.Id);
        Assert.Equal(ConsumerType.Pipe, piped.PipeConsumer.Type);
        using var sink = await ConsumerSink.StartAsync(target, producer.Id);
        using var sender = await GstSender.StartVp8Async(new SenderOptions { Destination = MediaAssert.InputOf(input), PayloadType = 96, Ssrc = 7777 });

        await sink.Receiver.WaitForFramesAsync(60, Timeout);

        sink.Receiver.AssertNoErrors();
        sink.AssertContinuousStream();
        Assert.True(sink.Tap.Packets[0].IsVp8KeyFrameStart, sink.Tap.Describe("the consumer on the target router does not start at a key frame"));
        var pipeTransportDump = await PipeTransportDumpAsync(sfu, piped.PipeConsumer.TransportId);
        Assert.False(pipeTransportDump.Rtx);
        Assert.Null(pipeTransportDump.SrtpParameters);
    }

    [Fact]
    public async Task Vp8_piped_with_srtp_and_rtx_between_the_pipe_transports_is_decoded_from_a_consumer_there()
    {
        await using var sfu = SfuFixture.Start("srtp-pipe-node");
        var (source, target, producer, input) = await CreateRoutersAndProducerAsync(sfu, 8888);

        var piped = await source.PipeToRouterAsync(new PipeToRouterOptions
        {
            ProducerId = producer.Id,
            TargetRouterId = target.Id,
            EnableSrtp = true,
            EnableRtx = true,
        });
        using var sink = await ConsumerSink.StartAsync(target, producer.Id);
        using var sender = await GstSender.StartVp8Async(new SenderOptions { Destination = MediaAssert.InputOf(input), PayloadType = 96, Ssrc = 8888 });

        await sink.Receiver.WaitForFramesAsync(60, Timeout);

        sink.Receiver.AssertNoErrors();
        sink.AssertContinuousStream();
        Assert.True(sink.Tap.Packets[0].IsVp8KeyFrameStart, sink.Tap.Describe("the consumer on the target router does not start at a key frame"));

        // PP1/PP3: with enableRtx the pipe consumer negotiates NACK and RTX; with enableSrtp both ends use AEAD_AES_256_GCM.
        var rtpParameters = piped.PipeConsumer.RtpParameters;
        Assert.Contains(rtpParameters.Codecs, c => c.MimeType.Equals("video/rtx", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(rtpParameters.Codecs[0].RtcpFeedback!, f => f.Type == "nack" && string.IsNullOrEmpty(f.Parameter));
        Assert.NotNull(rtpParameters.Encodings![0].Rtx);
        Assert.NotNull(piped.PipeProducer.RtpParameters.Encodings![0].Rtx);
        foreach (var transportId in new[] { piped.PipeConsumer.TransportId, piped.PipeProducer.TransportId })
        {
            var dump = await PipeTransportDumpAsync(sfu, transportId);
            Assert.True(dump.Rtx);
            Assert.Equal(SrtpCryptoSuite.AeadAes256Gcm, dump.SrtpParameters!.CryptoSuite);
            Assert.Equal(60, dump.SrtpParameters.KeyBase64.Length);

            // Every SRTP packet between the pipe transports authenticated and was taken: nothing dropped but, at most,
            // the SCTP INIT (PR1: enableSctp by default) of the end connected first, arriving before this end connected.
            Assert.True(dump.PacketDrops is null || dump.PacketDrops.Keys.SequenceEqual(["notConnected"]),
                $"pipe transport {transportId} dropped {string.Join(", ", dump.PacketDrops ?? new Dictionary<string, long>())}");
        }

        var sending = await PipeTransportStatsAsync(sfu, piped.PipeConsumer.TransportId);
        var receiving = await PipeTransportStatsAsync(sfu, piped.PipeProducer.TransportId);
        Assert.True(sending.RtpBytesSent > 0, $"the source pipe transport sent {sending.RtpBytesSent} RTP bytes");
        Assert.True(receiving.RtpBytesReceived > 0, $"the target pipe transport received {receiving.RtpBytesReceived} RTP bytes");
    }

    [Fact]
    public async Task Pausing_the_source_producer_pauses_the_consumer_on_the_target_router_until_it_resumes_at_a_key_frame()
    {
        await using var sfu = SfuFixture.Start("pipe-pause-node");
        var (source, target, producer, input) = await CreateRoutersAndProducerAsync(sfu, 9999);
        await source.PipeToRouterAsync(new PipeToRouterOptions { ProducerId = producer.Id, TargetRouterId = target.Id });
        using var sink = await ConsumerSink.StartAsync(target, producer.Id);
        var paused = MediaAssert.Raised(h => sink.Consumer.ProducerPaused += h);
        var resumed = MediaAssert.Raised(h => sink.Consumer.ProducerResumed += h);
        using var sender = await GstSender.StartVp8Async(new SenderOptions { Destination = MediaAssert.InputOf(input), PayloadType = 96, Ssrc = 9999 });
        await sink.Receiver.WaitForFramesAsync(30, Timeout);

        // PR4: the source producer's pause reaches the pipe producer, whose consumers hear producerpause.
        await producer.PauseAsync();
        await paused.WaitAsync(Timeout);
        Assert.True(sink.Consumer.IsProducerPaused);
        long sentBeforePause = (await sink.GetOutboundStatsAsync()).PacketCount;
        await sink.Tap.WaitForPacketsAsync((int)sentBeforePause, Timeout);
        await MediaAssert.AssertNothingSentWhileSenderGoesOnAsync(producer, sink, sentBeforePause);

        var lastBeforePause = sink.Tap.Packets[^1];
        long framesBeforeResume = sink.Receiver.DecodedFrames;
        var mark = sink.Tap.Mark();
        await producer.ResumeAsync();
        await resumed.WaitAsync(Timeout);

        Assert.False(sink.Consumer.IsProducerPaused);
        await MediaAssert.AssertRestartsAtKeyFrameAsync(sink, mark, lastBeforePause);
        await sink.Receiver.WaitForFramesAsync(framesBeforeResume + 30, Timeout);
        sink.Receiver.AssertNoErrors();
        sink.AssertContinuousStream();
    }

    /// <summary>Two routers, one per worker, and a VP8 producer on a comedia PlainTransport of the first.</summary>
    private static async Task<(IRouter Source, IRouter Target, IProducer Producer, IPlainTransport Input)> CreateRoutersAndProducerAsync(SfuFixture sfu, uint ssrc)
    {
        var source = await sfu.Sfu.CreateRouterAsync(SfuFixture.Codecs(workerId: 0));
        var target = await sfu.Sfu.CreateRouterAsync(SfuFixture.Codecs(workerId: 1));
        Assert.NotEqual(source.WorkerId, target.WorkerId);
        var input = await source.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = SfuFixture.Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = SfuFixture.Vp8Sent(ssrc) });
        return (source, target, producer, input);
    }

    // pipeToRouter hands out the pipe consumer and producer, not their transports: read those over the wire by id.
    private static async Task<PipeTransportDump> PipeTransportDumpAsync(SfuFixture sfu, string transportId) =>
        SfuJson.FromElement<PipeTransportDump>(await sfu.Sfu.Connection.RequestAsync(WireMethods.TransportDump, SfuJson.ToElement(new { transportId })));

    private static async Task<PipeTransportStats> PipeTransportStatsAsync(SfuFixture sfu, string transportId) =>
        Assert.IsType<PipeTransportStats>(Assert.Single(
            SfuJson.FromElement<List<BaseTransportStats>>(await sfu.Sfu.Connection.RequestAsync(WireMethods.TransportGetStats, SfuJson.ToElement(new { transportId })))));
}
