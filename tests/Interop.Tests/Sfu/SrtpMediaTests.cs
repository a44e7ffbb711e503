using Sfu.Contracts.Api;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Transports;
using Sfu.Interop.Tests.Harness;
using Sfu.Media.Srtp;

namespace Sfu.Interop.Tests.Sfu;

/// <summary>
/// PT3–PT5 with real media: SRTP on both sides of the SFU. The sender encrypts with its own key, given to the
/// comedia input transport by <c>connect({srtpParameters})</c>; the consumer transport encrypts with its own
/// <c>srtpParameters</c>, which the GStreamer <c>srtpdec</c> receiver (and the tap) decrypt with.
/// </summary>
[Trait("Category", "Interop")]
public sealed class SrtpMediaTests
{
    private static readonly TimeSpan Timeout = SfuFixture.Timeout;

    [Theory]
    [InlineData("AES_CM_128_HMAC_SHA1_80")]
    [InlineData("AES_CM_128_HMAC_SHA1_32")]
    [InlineData("AEAD_AES_128_GCM")]
    [InlineData("AEAD_AES_256_GCM")]
    public async Task Srtp_vp8_from_a_gst_sender_is_decoded_by_a_gst_srtp_receiver_of_a_consumer(string cryptoSuite)
    {
        var senderKey = SrtpKeying.Generate(SrtpProfiles.ParseSuiteName(cryptoSuite));
        await using var sfu = SfuFixture.Start("srtp-node");
        var (router, input, producer) = await CreateSrtpInputAsync(sfu, senderKey, 0x5e7e_0001);
        using var sink = await ConsumerSink.StartAsync(router, producer.Id, new SinkOptions { Srtp = SrtpKeying.ToSuite(senderKey.Profile) });
        using var sender = await GstSender.StartVp8Async(new SenderOptions
        {
            Destination = MediaAssert.InputOf(input), PayloadType = 96, Ssrc = 0x5e7e_0001, Srtp = senderKey,
        });

        await sink.Receiver.WaitForFramesAsync(30, Timeout);

        await AssertDecryptedAndDecodedAsync(sink, input);
    }

    [Fact]
    public async Task Srtp_vp8_from_an_ffmpeg_sender_is_decoded_by_a_gst_srtp_receiver_of_a_consumer()
    {
        var senderKey = SrtpKeying.Generate(SrtpProfile.AesCm128HmacSha1_80);
        await using var sfu = SfuFixture.Start("ffmpeg-srtp-node");
        var (router, input, producer) = await CreateSrtpInputAsync(sfu, senderKey, 0x5e7e_0002);
        using var sink = await ConsumerSink.StartAsync(router, producer.Id, new SinkOptions { Srtp = SrtpCryptoSuite.AesCm128HmacSha1Tag80 });
        using var sender = await FfmpegSender.StartVp8Async(new SenderOptions
        {
            Destination = MediaAssert.InputOf(input), PayloadType = 96, Ssrc = 0x5e7e_0002, Srtp = senderKey,
        });

        await sink.Receiver.WaitForFramesAsync(30, Timeout);

        await AssertDecryptedAndDecodedAsync(sink, input);
    }

    [Fact]
    public async Task Srtp_opus_from_a_gst_sender_is_decoded_by_a_gst_srtp_receiver_of_a_consumer()
    {
        var senderKey = SrtpKeying.Generate(SrtpProfile.AeadAes128Gcm);
        await using var sfu = SfuFixture.Start("srtp-opus-node");
        var (router, input, producer) = await CreateSrtpInputAsync(sfu, senderKey, 0x5e7e_0003, MediaKind.Audio);
        using var sink = await ConsumerSink.StartAsync(router, producer.Id, new SinkOptions { Name = "audio", Srtp = SrtpCryptoSuite.AesCm128HmacSha1Tag32 });
        using var sender = await GstSender.StartOpusAsync(new SenderOptions
        {
            Destination = MediaAssert.InputOf(input), PayloadType = 111, Ssrc = 0x5e7e_0003, Srtp = senderKey,
        });

        await sink.Receiver.WaitForFramesAsync(100, Timeout);

        Assert.Equal("audio/opus", sink.Consumer.RtpParameters.Codecs[0].MimeType);
        await AssertDecryptedAndDecodedAsync(sink, input);
    }

    /// <summary>
    /// C5 under SRTP: the consumer's SRTP stream survives a pause. Its sequence numbers continue where they stopped,
    /// so the receiver's SRTP index (and rollover counter) stays in step and it decrypts and decodes on after resume.
    /// </summary>
    [Fact]
    public async Task Pausing_and_resuming_an_srtp_consumer_keeps_its_srtp_stream_decryptable_and_restarts_at_a_key_frame()
    {
        var senderKey = SrtpKeying.Generate(SrtpProfile.AesCm128HmacSha1_80);
        await using var sfu = SfuFixture.Start("srtp-pause-node");
        var (router, input, producer) = await CreateSrtpInputAsync(sfu, senderKey, 0x5e7e_0004);
        using var sink = await ConsumerSink.StartAsync(router, producer.Id, new SinkOptions { Srtp = SrtpCryptoSuite.AeadAes256Gcm });
        using var sender = await GstSender.StartVp8Async(new SenderOptions
        {
            Destination = MediaAssert.InputOf(input), PayloadType = 96, Ssrc = 0x5e7e_0004, Srtp = senderKey,
        });
        await sink.Receiver.WaitForFramesAsync(30, Timeout);

        await MediaAssert.PauseAndResumeConsumerAsync(producer, sink);

        await AssertDecryptedAndDecodedAsync(sink, input);
    }

    /// <summary>
    /// A comedia input transport with SRTP in the default suite, connected with the sender's key: the remote suite
    /// wins and the local key is regenerated for it (PT5). Then a VP8 (or Opus) producer on it.
    /// </summary>
    private static async Task<(IRouter Router, IPlainTransport Input, IProducer Producer)> CreateSrtpInputAsync(SfuFixture sfu, SrtpKeying senderKey, uint ssrc, MediaKind kind = MediaKind.Video)
    {
        var router = await sfu.Sfu.CreateRouterAsync(SfuFixture.Codecs());
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = SfuFixture.Loopback, Comedia = true, EnableSrtp = true });
        Assert.Equal(SrtpCryptoSuite.AesCm128HmacSha1Tag80, input.SrtpParameters!.CryptoSuite);
        await input.ConnectAsync(new PlainTransportConnectParameters { SrtpParameters = senderKey.ToSrtpParameters() });
        Assert.Equal(SrtpKeying.ToSuite(senderKey.Profile), input.SrtpParameters!.CryptoSuite);
        Assert.Equal(SrtpMasterKey.Generate(senderKey.Profile).ToBase64().Length, input.SrtpParameters.KeyBase64.Length);
        var producer = await input.ProduceAsync(kind == MediaKind.Video
            ? new ProducerOptions { Kind = MediaKind.Video, RtpParameters = SfuFixture.Vp8Sent(ssrc) }
            : new ProducerOptions { Kind = MediaKind.Audio, RtpParameters = SfuFixture.OpusSent(ssrc) });
        return (router, input, producer);
    }

    private static async Task AssertDecryptedAndDecodedAsync(ConsumerSink sink, IPlainTransport input)
    {
        sink.Receiver.AssertNoErrors();
        Assert.Equal(0, sink.Receiver.SrtpRejected);

        // The key the receiver decrypts with is the consumer transport's srtpParameters after connect.
        Assert.Equal(sink.Srtp, SrtpKeying.From(sink.Transport.SrtpParameters!));
        var packets = sink.Tap.Packets;
        Assert.True(sink.Tap.RejectedCount == 0, sink.Tap.Describe("the tap could not decrypt or read some datagrams"));
        Assert.All(packets, p => Assert.True(p.Decrypted));
        Assert.All(packets, p => Assert.Equal(p.DatagramLength - sink.Srtp!.Profile.RtpAuthTagLength(), p.Packet.Length));
        sink.AssertContinuousStream();
        if (sink.Consumer.Kind == MediaKind.Video)
        {
            Assert.True(packets[0].IsVp8KeyFrameStart, sink.Tap.Describe("the consumer does not start at a key frame"));
        }

        // Every SRTP packet of the sender authenticated: the input transport dropped nothing.
        var inputDump = Assert.IsType<PlainTransportDump>(await input.DumpAsync());
        Assert.Null(inputDump.PacketDrops);
    }
}
