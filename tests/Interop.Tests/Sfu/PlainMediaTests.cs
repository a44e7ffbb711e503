using Sfu.Contracts.Api;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Events;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;
using Sfu.Interop.Tests.Harness;

namespace Sfu.Interop.Tests.Sfu;

/// <summary>Real media through the SFU: a GStreamer sender into a comedia PlainTransport, consumers out to decoders.</summary>
[Trait("Category", "Interop")]
public sealed class PlainMediaTests
{
    private static readonly TimeSpan Timeout = SfuFixture.Timeout;

    [Fact]
    public async Task Vp8_from_a_comedia_plain_transport_is_decoded_by_a_consumer_receiver()
    {
        await using var sfu = SfuFixture.Start("vp8-node");
        var router = await sfu.Sfu.CreateRouterAsync(SfuFixture.Codecs());
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = SfuFixture.Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = SfuFixture.Vp8Sent(1111) });

        var output = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = SfuFixture.Loopback });
        var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = router.RtpCapabilities });
        var payloadType = (byte)consumer.RtpParameters.Codecs[0].PayloadType;
        using var receiver = await GstReceiver.StartVp8Async(new ReceiverOptions { PayloadType = payloadType });
        using var tap = UdpTap.Start(receiver.EndPoint);
        await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = tap.Port });

        using var sender = await GstSender.StartVp8Async(new SenderOptions
        {
            Destination = SfuFixture.EndPointOf(input.Tuple), PayloadType = 96, Ssrc = 1111,
        });

        await receiver.WaitForFramesAsync(60, Timeout);
        receiver.AssertNoErrors();
        var first = tap.Packets[0];
        Assert.Equal(consumer.RtpParameters.Encodings![0].Ssrc, first.Ssrc);
        Assert.True(first.IsVp8KeyFrameStart, "the consumer starts at a key frame");
    }

    [Fact]
    public async Task Vp8_and_opus_sent_together_into_one_comedia_transport_are_each_decoded_from_their_consumer()
    {
        await using var sfu = SfuFixture.Start("av-node");
        var router = await sfu.Sfu.CreateRouterAsync(SfuFixture.Codecs());
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = SfuFixture.Loopback, Comedia = true });
        var tupleLearned = new TaskCompletionSource<TransportTuple>(TaskCreationOptions.RunContinuationsAsynchronously);
        input.TupleChanged += (_, tuple) => tupleLearned.TrySetResult(tuple);
        var video = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = SfuFixture.Vp8Sent(4444) });
        var audio = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = SfuFixture.OpusSent(5555) });
        using var videoSink = await ConsumerSink.StartAsync(router, video.Id, new SinkOptions { Name = "video" });
        using var audioSink = await ConsumerSink.StartAsync(router, audio.Id, new SinkOptions { Name = "audio" });

        // One endpoint sending audio and video from one port, as comedia expects: both encoders leave through one
        // relay socket (the tap), so the transport sees a single remote tuple carrying two SSRCs.
        using var endpoint = UdpTap.Start(MediaAssert.InputOf(input), new UdpTapOptions { Name = "sender endpoint" });
        using var videoSender = await GstSender.StartVp8Async(new SenderOptions { Destination = endpoint.EndPoint, PayloadType = 96, Ssrc = 4444 });
        using var audioSender = await GstSender.StartOpusAsync(new SenderOptions { Destination = endpoint.EndPoint, PayloadType = 111, Ssrc = 5555 });

        await videoSink.Receiver.WaitForFramesAsync(60, Timeout);
        await audioSink.Receiver.WaitForFramesAsync(100, Timeout);

        videoSink.Receiver.AssertNoErrors();
        audioSink.Receiver.AssertNoErrors();
        videoSink.AssertContinuousStream();
        audioSink.AssertContinuousStream();
        Assert.True(videoSink.Tap.Packets[0].IsVp8KeyFrameStart, videoSink.Tap.Describe("the video consumer does not start at a key frame"));
        var tuple = await tupleLearned.Task.WaitAsync(Timeout);
        Assert.Equal("127.0.0.1", tuple.RemoteIp);
        Assert.Equal(endpoint.Port, tuple.RemotePort);
        Assert.Equal(MediaKind.Audio, audioSink.Consumer.Kind);
        Assert.Equal("audio/opus", audioSink.Consumer.RtpParameters.Codecs[0].MimeType);
    }

    [Fact]
    public async Task Vp8_from_an_ffmpeg_sender_is_decoded_by_a_consumer_receiver()
    {
        // An SSRC above 2^31 also checks that the SFU takes ffmpeg's two's-complement ssrc as the same stream.
        const uint ssrc = 0xC000_0001;
        await using var sfu = SfuFixture.Start("ffmpeg-node");
        var router = await sfu.Sfu.CreateRouterAsync(SfuFixture.Codecs());
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = SfuFixture.Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = SfuFixture.Vp8Sent(ssrc) });
        using var sink = await ConsumerSink.StartAsync(router, producer.Id);
        using var sender = await FfmpegSender.StartVp8Async(new SenderOptions { Destination = MediaAssert.InputOf(input), PayloadType = 96, Ssrc = ssrc });

        await sink.Receiver.WaitForFramesAsync(60, Timeout);

        sink.Receiver.AssertNoErrors();
        sink.AssertContinuousStream();
        Assert.True(sink.Tap.Packets[0].IsVp8KeyFrameStart, sink.Tap.Describe("the consumer does not start at a key frame"));
        Assert.Equal(ssrc, (await MediaAssert.InboundStatsAsync(producer))!.Ssrc);
    }

    [Fact]
    public async Task After_media_the_stats_and_dumps_show_what_was_received_and_sent_and_no_drops()
    {
        await using var sfu = SfuFixture.Start("stats-node");
        var router = await sfu.Sfu.CreateRouterAsync(SfuFixture.Codecs());
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = SfuFixture.Loopback, Comedia = true });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = SfuFixture.Vp8Sent(6666) });
        using var sink = await ConsumerSink.StartAsync(router, producer.Id);
        var producerScored = new TaskCompletionSource<IReadOnlyList<ProducerScore>>(TaskCreationOptions.RunContinuationsAsynchronously);
        producer.ScoreChanged += (_, score) => producerScored.TrySetResult(score);
        var consumerScored = new TaskCompletionSource<ConsumerScore>(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.Consumer.ScoreChanged += (_, score) => consumerScored.TrySetResult(score);
        Assert.Empty(producer.Score);
        Assert.Equal(0, sink.Consumer.Score.ProducerScore);
        using var sender = await GstSender.StartVp8Async(new SenderOptions { Destination = MediaAssert.InputOf(input), PayloadType = 96, Ssrc = 6666 });
        await sink.Receiver.WaitForFramesAsync(45, Timeout);

        // P7/C10: the producer's first stream makes the first score events, of the producer and of its consumers.
        var producerScore = Assert.Single(await producerScored.Task.WaitAsync(Timeout));
        Assert.Equal(new ProducerScore { EncodingIdx = 0, Ssrc = 6666, Score = 10 }, producerScore);
        var consumerScore = await consumerScored.Task.WaitAsync(Timeout);
        Assert.Equal(10, consumerScore.Score);
        Assert.Equal(10, consumerScore.ProducerScore);
        Assert.Equal([10], consumerScore.ProducerScores);

        // C12: outbound-rtp of the consumer's stream, then the inbound-rtp of the producer stream it forwards.
        int tapped = sink.Tap.PacketCount; // media keeps flowing: the counters read next can only be higher
        var consumerStats = await sink.Consumer.GetStatsAsync();
        Assert.Equal(2, consumerStats.Count);
        var outbound = Assert.IsType<OutboundRtpStats>(consumerStats[0]);
        var inbound = Assert.IsType<InboundRtpStats>(consumerStats[1]);
        Assert.Equal(sink.Ssrc, outbound.Ssrc);
        Assert.Equal(MediaKind.Video, outbound.Kind);
        Assert.Equal("video/VP8", outbound.MimeType);
        Assert.True(outbound.PacketCount >= tapped && tapped > 0, $"outbound packetCount {outbound.PacketCount}, tapped before {tapped}");
        Assert.True(outbound.ByteCount > 0);
        Assert.Equal(6666u, inbound.Ssrc);
        Assert.True(inbound.PacketCount >= outbound.PacketCount, $"inbound {inbound.PacketCount} < outbound {outbound.PacketCount}");
        Assert.Equal(10, inbound.Score);
        Assert.Equal(0, inbound.PacketsLost);

        // P10: the producer's own stats are that inbound-rtp; the consumer's score carries it (C10).
        var producerStats = Assert.Single(await producer.GetStatsAsync());
        Assert.Equal(10, Assert.IsType<InboundRtpStats>(producerStats).Score);
        var dump = Assert.IsType<SimpleConsumerDump>(await sink.Consumer.DumpAsync());
        Assert.False(dump.Paused);
        Assert.Equal(outbound.Ssrc, dump.RtpStream.Params.Ssrc);

        // T10/PT8: bytes in on the input transport, bytes out on the consumer's.
        var inputStats = Assert.IsType<PlainTransportStats>(Assert.Single(await input.GetStatsAsync()));
        var outputStats = Assert.IsType<PlainTransportStats>(Assert.Single(await sink.Transport.GetStatsAsync()));
        Assert.True(inputStats.BytesReceived > 0 && inputStats.RtpBytesReceived > 0, $"input received {inputStats.BytesReceived} bytes");
        Assert.True(outputStats.BytesSent > 0 && outputStats.RtpBytesSent > 0, $"output sent {outputStats.BytesSent} bytes");
        Assert.True(inputStats.BytesReceived >= inbound.ByteCount, $"input bytesReceived {inputStats.BytesReceived} < inbound byteCount {inbound.ByteCount}");
        Assert.True(outputStats.RtpBytesSent >= outbound.ByteCount, $"output rtpBytesSent {outputStats.RtpBytesSent} < outbound byteCount {outbound.ByteCount}");
        Assert.True(inputStats.Comedia);
        Assert.Equal(sender.SourcePort, inputStats.Tuple.RemotePort);
        Assert.Equal(sink.Tap.Port, outputStats.Tuple.RemotePort);

        // A clean path drops nothing: packetDrops is absent from both dumps.
        var inputDump = Assert.IsType<PlainTransportDump>(await input.DumpAsync());
        var outputDump = Assert.IsType<PlainTransportDump>(await sink.Transport.DumpAsync());
        Assert.Null(inputDump.PacketDrops);
        Assert.Null(outputDump.PacketDrops);
        Assert.Contains(producer.Id, inputDump.ProducerIds);
        Assert.Contains(sink.Consumer.Id, outputDump.ConsumerIds);
        sink.Receiver.AssertNoErrors();
    }
}
