using Sfu.Contracts.Api;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
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
}
