using Sfu.Interop.Tests.Harness;
using Sfu.Media.Srtp;

namespace Sfu.Interop.Tests;

/// <summary>
/// The real-peer harness proven on direct paths (sender → tap → receiver, no SFU): real GStreamer and ffmpeg
/// encoders and decoders, the tap's view of the wire, and SRTP in every suite mediasoup offers.
/// </summary>
[Trait("Category", "Interop")]
public sealed class HarnessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Gst_vp8_sender_through_a_tap_is_decoded_by_a_gst_receiver()
    {
        const uint ssrc = 0x1234_5678;
        using var receiver = await GstReceiver.StartVp8Async(new ReceiverOptions { PayloadType = MediaDefaults.Vp8PayloadType });
        using var tap = UdpTap.Start(receiver.EndPoint, new UdpTapOptions { Name = "vp8 tap" });
        using var sender = await GstSender.StartVp8Async(Video(tap, ssrc));

        await receiver.WaitForFramesAsync(60, Timeout);

        receiver.AssertNoErrors();
        var packets = tap.Packets;
        AssertSaneRtp(tap, packets, ssrc, MediaDefaults.Vp8PayloadType);
        Assert.True(packets[0].IsVp8KeyFrameStart, tap.Describe("the stream does not start with a VP8 key frame"));
        // 60 decoded frames with a key frame at least every 30: frames 0 and (at the latest) 30 are key frames.
        Assert.True(packets.Count(p => p.IsVp8KeyFrameStart) >= 2, tap.Describe("fewer than 2 key frames in 60 frames"));
        Assert.Equal(0, tap.RejectedCount);
    }

    [Fact]
    public async Task Gst_opus_sender_of_a_fixed_number_of_buffers_is_decoded_by_a_gst_receiver()
    {
        const uint ssrc = 0x0bad_cafe;
        using var receiver = await GstReceiver.StartOpusAsync(new ReceiverOptions { PayloadType = MediaDefaults.OpusPayloadType });
        using var tap = UdpTap.Start(receiver.EndPoint, new UdpTapOptions { Name = "opus tap" });
        using var sender = await GstSender.StartOpusAsync(Audio(tap, ssrc) with { Buffers = 75 });

        await sender.WaitForCompletionAsync(Timeout);
        await receiver.WaitForFramesAsync(50, Timeout);

        receiver.AssertNoErrors();
        // opusenc flushes one more packet at the end of the stream.
        Assert.InRange(tap.PacketCount, 75, 76);
        AssertSaneRtp(tap, tap.Packets, ssrc, MediaDefaults.OpusPayloadType);
    }

    [Fact]
    public async Task Ffmpeg_vp8_sender_is_decoded_by_a_gst_receiver()
    {
        // An SSRC above 2^31 checks the conversion to ffmpeg's signed ssrc option.
        const uint ssrc = 3_000_000_001;
        using var receiver = await GstReceiver.StartVp8Async(new ReceiverOptions { PayloadType = 101 });
        using var tap = UdpTap.Start(receiver.EndPoint, new UdpTapOptions { Name = "ffmpeg vp8 tap" });
        using var sender = await FfmpegSender.StartVp8Async(Video(tap, ssrc) with { PayloadType = 101 });

        await receiver.WaitForFramesAsync(60, Timeout);

        receiver.AssertNoErrors();
        var packets = tap.Packets;
        AssertSaneRtp(tap, packets, ssrc, 101);
        Assert.True(packets[0].IsVp8KeyFrameStart, tap.Describe("the stream does not start with a VP8 key frame"));
        Assert.True(packets.Count(p => p.IsVp8KeyFrameStart) >= 2, tap.Describe("fewer than 2 key frames in 60 frames"));
    }

    [Fact]
    public async Task Ffmpeg_opus_sender_is_decoded_by_a_gst_receiver()
    {
        const uint ssrc = 0x0000_0a0d;
        using var receiver = await GstReceiver.StartOpusAsync(new ReceiverOptions { PayloadType = MediaDefaults.OpusPayloadType });
        using var tap = UdpTap.Start(receiver.EndPoint, new UdpTapOptions { Name = "ffmpeg opus tap" });
        using var sender = await FfmpegSender.StartOpusAsync(Audio(tap, ssrc));

        await receiver.WaitForFramesAsync(50, Timeout);

        receiver.AssertNoErrors();
        AssertSaneRtp(tap, tap.Packets, ssrc, MediaDefaults.OpusPayloadType);
    }

    [Fact]
    public async Task Gst_vp8_sender_is_decoded_by_an_ffmpeg_sdp_receiver()
    {
        const uint ssrc = 0x5eed_0001;
        using var receiver = await FfmpegReceiver.StartVp8Async(new ReceiverOptions { PayloadType = MediaDefaults.Vp8PayloadType });
        using var sender = await GstSender.StartVp8Async(new SenderOptions
        {
            Destination = receiver.EndPoint,
            PayloadType = MediaDefaults.Vp8PayloadType,
            Ssrc = ssrc,
        });

        await receiver.WaitForFramesAsync(60, Timeout);

        receiver.AssertNoErrors();
    }

    [Theory]
    [InlineData("AES_CM_128_HMAC_SHA1_80")]
    [InlineData("AES_CM_128_HMAC_SHA1_32")]
    [InlineData("AEAD_AES_128_GCM")]
    [InlineData("AEAD_AES_256_GCM")]
    public async Task Gst_srtp_sender_is_decrypted_by_the_tap_and_decoded_by_a_gst_srtp_receiver(string cryptoSuite)
    {
        const uint ssrc = 0x0051_7e90;
        var srtp = SrtpKeying.Generate(SrtpProfiles.ParseSuiteName(cryptoSuite));
        using var receiver = await GstReceiver.StartVp8Async(new ReceiverOptions { PayloadType = MediaDefaults.Vp8PayloadType, Ssrc = ssrc, Srtp = srtp });
        using var tap = UdpTap.Start(receiver.EndPoint, new UdpTapOptions { Name = $"{cryptoSuite} tap", Srtp = srtp });
        using var sender = await GstSender.StartVp8Async(Video(tap, ssrc) with { Srtp = srtp });

        await receiver.WaitForFramesAsync(30, Timeout);

        receiver.AssertNoErrors();
        var packets = tap.Packets;
        Assert.Equal(0, tap.RejectedCount);
        AssertSaneRtp(tap, packets, ssrc, MediaDefaults.Vp8PayloadType);
        Assert.All(packets, p => Assert.True(p.Decrypted));
        Assert.All(packets, p => Assert.Equal(p.DatagramLength - srtp.Profile.RtpAuthTagLength(), p.Packet.Length));
        Assert.True(packets[0].IsVp8KeyFrameStart, tap.Describe("the decrypted stream does not start with a VP8 key frame"));
    }

    [Fact]
    public async Task Ffmpeg_srtp_sender_is_decoded_by_a_gst_srtp_receiver()
    {
        const uint ssrc = 0x00ff_0080;
        var srtp = SrtpKeying.Generate(SrtpProfile.AesCm128HmacSha1_80);
        using var receiver = await GstReceiver.StartVp8Async(new ReceiverOptions { PayloadType = MediaDefaults.Vp8PayloadType, Ssrc = ssrc, Srtp = srtp });
        using var tap = UdpTap.Start(receiver.EndPoint, new UdpTapOptions { Name = "ffmpeg srtp tap", Srtp = srtp });
        using var sender = await FfmpegSender.StartVp8Async(Video(tap, ssrc) with { Srtp = srtp });

        await receiver.WaitForFramesAsync(30, Timeout);

        receiver.AssertNoErrors();
        Assert.Equal(0, tap.RejectedCount);
        AssertSaneRtp(tap, tap.Packets, ssrc, MediaDefaults.Vp8PayloadType);
        Assert.True(tap.Packets[0].IsVp8KeyFrameStart, tap.Describe("the decrypted stream does not start with a VP8 key frame"));
    }

    [Fact]
    public async Task Gst_srtp_sender_is_decoded_by_an_ffmpeg_srtp_receiver()
    {
        const uint ssrc = 0x00ff_0032;
        var srtp = SrtpKeying.Generate(SrtpProfile.AesCm128HmacSha1_32);
        using var receiver = await FfmpegReceiver.StartVp8Async(new ReceiverOptions { PayloadType = MediaDefaults.Vp8PayloadType, Srtp = srtp });
        using var sender = await GstSender.StartVp8Async(new SenderOptions
        {
            Destination = receiver.EndPoint,
            PayloadType = MediaDefaults.Vp8PayloadType,
            Ssrc = ssrc,
            Srtp = srtp,
        });

        await receiver.WaitForFramesAsync(30, Timeout);

        receiver.AssertNoErrors();
    }

    [Fact]
    public async Task A_wrong_srtp_key_decodes_no_frames_and_reports_every_rejected_packet()
    {
        const uint ssrc = 0x0bad_0bad;
        var key = SrtpKeying.Generate(SrtpProfile.AesCm128HmacSha1_80);
        var wrongKey = SrtpKeying.Generate(SrtpProfile.AesCm128HmacSha1_80);
        using var receiver = await GstReceiver.StartVp8Async(new ReceiverOptions { PayloadType = MediaDefaults.Vp8PayloadType, Ssrc = ssrc, Srtp = wrongKey });
        using var tap = UdpTap.Start(receiver.EndPoint, new UdpTapOptions { Name = "right-key tap", Srtp = key });
        using var sender = await GstSender.StartVp8Async(Video(tap, ssrc) with { Srtp = key });

        // The stream itself is fine (the tap, with the right key, sees a key frame) ...
        await tap.WaitForVp8KeyFrameAsync(Timeout);
        // ... but the receiver rejects packet after packet, and so decodes nothing.
        await receiver.WaitForErrorsAsync(30, Timeout);

        Assert.True(receiver.SrtpRejected >= 30, receiver.Describe("srtpdec rejections were not counted"));
        Assert.Equal(0, receiver.DecodedFrames);
        var failure = Assert.ThrowsAny<Exception>(receiver.AssertNoErrors);
        Assert.Contains("authentication", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rtcp_muxed_into_a_gst_receiver_is_reported_as_an_error()
    {
        // Why taps drop RTCP by default: udpsrc ! rtpjitterbuffer takes an RTCP packet for RTP and warns.
        const uint ssrc = 0x0000_5c5c;
        using var receiver = await GstReceiver.StartVp8Async(new ReceiverOptions { PayloadType = MediaDefaults.Vp8PayloadType });
        using var tap = UdpTap.Start(receiver.EndPoint, new UdpTapOptions { Name = "rtcp-forwarding tap", ForwardRtcp = true });
        using var sender = await GstSender.StartVp8Async(Video(tap, ssrc));
        await receiver.WaitForFramesAsync(1, Timeout);
        using var rtcp = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));

        // A sender report (RFC 3550 §6.4.1) for the stream's SSRC, as the SFU would send it muxed (RFC 5761).
        byte[] senderReport = [0x80, 200, 0x00, 0x06, 0x00, 0x00, 0x5c, 0x5c, .. new byte[20]];
        rtcp.Send(senderReport, tap.EndPoint);
        await receiver.WaitForErrorsAsync(1, Timeout);

        Assert.Equal(1, tap.RtcpCount);
        Assert.Contains("Could not decode stream", receiver.Errors[0], StringComparison.Ordinal);
        Assert.ThrowsAny<Exception>(receiver.AssertNoErrors);
    }

    private static SenderOptions Video(UdpTap tap, uint ssrc) => new()
    {
        Destination = tap.EndPoint,
        PayloadType = MediaDefaults.Vp8PayloadType,
        Ssrc = ssrc,
    };

    private static SenderOptions Audio(UdpTap tap, uint ssrc) => new()
    {
        Destination = tap.EndPoint,
        PayloadType = MediaDefaults.OpusPayloadType,
        Ssrc = ssrc,
    };

    /// <summary>One SSRC and payload type, consecutive sequence numbers, timestamps that never go back (loopback: no loss, no reordering).</summary>
    private static void AssertSaneRtp(UdpTap tap, IReadOnlyList<TappedPacket> packets, uint ssrc, byte payloadType)
    {
        Assert.NotEmpty(packets);
        for (int i = 0; i < packets.Count; i++)
        {
            var packet = packets[i];
            Assert.True(packet.Ssrc == ssrc && packet.PayloadType == payloadType, tap.Describe($"unexpected packet {packet}"));
            if (i > 0)
            {
                var previous = packets[i - 1];
                Assert.True((ushort)(previous.SequenceNumber + 1) == packet.SequenceNumber, tap.Describe($"sequence gap {previous} → {packet}"));
                Assert.True(packet.Timestamp - previous.Timestamp < 0x8000_0000u, tap.Describe($"timestamp went back {previous} → {packet}"));
            }
        }
    }
}
