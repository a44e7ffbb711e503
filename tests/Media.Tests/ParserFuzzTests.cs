using Sfu.Media.Codecs;
using Sfu.Media.Routing;
using Sfu.Media.Rtcp;
using Sfu.Media.Rtp;
using Sfu.Media.Rtp.Extensions;
using Sfu.Media.Srtp;
using Sfu.Media.Streams;
using Sfu.Media.Tests.Rtcp;

namespace Sfu.Media.Tests;

/// <summary>
/// Issue 3 item 8: random bytes of every length from 0 to 1500 (seeded, several inputs per length, about half of them
/// starting like RTP/RTCP so they get past the first check) through every parser of network input — RTP and every
/// reader of a parsed packet, the RTCP compound reader and each RTCP packet parser, SRTP and SRTCP unprotect in every
/// suite, the codec payload descriptors, RTX decapsulation — never throw, and never overread (spans are bounds
/// checked, so an overread would throw). The per-type tests hold the exact error enums; these hold "never throws" at
/// every length.
/// </summary>
public sealed class ParserFuzzTests
{
    private const int MaxLength = 1500;
    private const int InputsPerLength = 6;

    [Fact]
    public void Rtp_parsing_and_every_reader_of_a_parsed_packet_never_throw_at_any_length()
    {
        var idMap = new byte[RtpHeaderExtensionRewriter.MapLength];
        new Random(1).NextBytes(idMap);
        var destination = new byte[4096];
        var keep = new bool[16];
        Array.Fill(keep, true);
        var parsed = 0;
        ForEachInput(seed: 10, versionTwo: true, data =>
        {
            if (!RtpPacketView.TryParse(data, out var packet, out _))
            {
                return;
            }
            parsed++;
            _ = packet.Marker ^ packet.HasPadding ^ packet.HasExtension;
            _ = packet.PayloadType + packet.SequenceNumber + packet.Timestamp + packet.Ssrc + packet.CsrcCount;
            for (var i = 0; i < packet.CsrcCount; i++)
            {
                _ = packet.GetCsrc(i);
            }
            _ = packet.Payload.Length + packet.PayloadAndPadding.Length + packet.CsrcBytes.Length + packet.ExtensionData.Length;
            foreach (var element in packet.Extensions)
            {
                ReadEveryExtensionValue(element.Value);
            }
            for (var id = 0; id < 256; id++)
            {
                if (packet.TryGetExtension(id, out var value))
                {
                    ReadEveryExtensionValue(value);
                }
            }
            RtpHeaderExtensionRewriter.TryRewrite(packet, idMap, destination, out _);
            var length = RouterRtp.Write(packet, destination, 100, 1234, idMap.AsSpan(0, 16));
            if (length > 0)
            {
                RouterRtp.PrepareExtensions(destination.AsSpan(0, length), "mid"u8, keep);
                RouterRtp.SetAbsSendTime(destination.AsSpan(0, length), 1_700_000_000_000_000);
            }
            RouterRtp.PrepareExtensions(data, "0"u8, keep);
            RtxPacket.TryEncode(data, destination, 97, 5678, 1, out _);
            if (RtxPacket.TryDecode(data, 96, 1111, out var original))
            {
                _ = original.Payload.Length;
            }
        });
        Assert.True(parsed > 1000, $"only {parsed} inputs parsed as RTP: the fuzz does not reach the readers");
    }

    [Fact]
    public void Rtcp_compound_reader_and_every_packet_parser_never_throw_at_any_length()
    {
        var dispatched = 0;
        ForEachInput(seed: 20, versionTwo: true, data =>
        {
            // Now and then an RTCP packet type and lengths that tile the datagram (one packet, or two), so the structure
            // holds and every packet parser gets random bodies.
            if (data.Length >= 8 && data.Length % 4 == 0 && (data[0] & 0x80) != 0)
            {
                var words = data.Length / 4;
                var first = data[2] % 2 == 0 ? words : 1 + data[3] % (words - 1);
                data[0] &= 0xDF; // no padding
                data[1] = (byte)(200 + data[1] % 12);
                data[2] = (byte)((first - 1) >> 8);
                data[3] = (byte)(first - 1);
                if (first < words)
                {
                    var at = first * 4;
                    data[at] = (byte)(0x80 | (data[at] & 0x1F));
                    data[at + 1] = (byte)(200 + data[at + 1] % 12);
                    data[at + 2] = (byte)((words - first - 1) >> 8);
                    data[at + 3] = (byte)(words - first - 1);
                }
            }
            var handler = new RecordingRtcpHandler();
            RtcpCompoundReader.Read(data, ref handler);
            dispatched += handler.Events.Count;

            SenderReport.TryParse(data, out _, out _);
            ReceiverReport.TryParse(data, out _, out _);
            SourceDescription.TryParse(data, out _, out _);
            Goodbye.TryParse(data, out _, out _);
            ApplicationDefined.TryParse(data, out _, out _);
            ExtendedReport.TryParse(data, out _, out _);
            RtcpFeedback.TryParse(data, out _, out _);
            TransportWideCcFeedback.TryParse(data, out _, out _);
            ReceiverEstimatedMaximumBitrate.TryParse(data, out _, out _);
            ReferencePictureSelectionIndication.TryParse(data, out _, out _);
            VideoBackChannelMessage.TryParse(data, out _, out _);
            RtcpHeader.TryParse(data, out _, out _, out _);
        });
        Assert.True(dispatched > 500, $"only {dispatched} packets reached the handler: the fuzz does not reach the parsers");
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_32)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    [InlineData(SrtpProfile.AeadAes256Gcm)]
    public void Srtp_and_srtcp_unprotect_never_throw_or_authenticate_random_bytes_at_any_length(SrtpProfile profile)
    {
        using var context = new SrtpContext(SrtpMasterKey.Generate(profile), new SrtpContextOptions { MaxStreams = 100_000 });
        var buffer = new byte[MaxLength];
        ForEachInput(seed: 30 + (int)profile, versionTwo: true, data =>
        {
            data.CopyTo(buffer, 0);
            Assert.False(context.TryUnprotectRtp(buffer, data.Length, out _, out var rtpError));
            Assert.NotEqual(SrtpError.None, rtpError);
            data.CopyTo(buffer, 0);
            Assert.False(context.TryUnprotectRtcp(buffer, data.Length, out _, out var rtcpError));
            Assert.NotEqual(SrtpError.None, rtcpError);
        });
        Assert.Equal(0, context.RtpStreamCount); // nothing that failed created a stream
    }

    [Fact]
    public void Codec_payload_descriptors_never_throw_at_any_length()
    {
        var kinds = Enum.GetValues<CodecKind>();
        var room = new byte[MaxLength + 1];
        ForEachInput(seed: 40, versionTwo: false, data =>
        {
            var marking = data.AsSpan(0, Math.Min(data.Length, data.Length % 5));
            foreach (var kind in kinds)
            {
                CodecInspector.Inspect(kind, data, marking);
                CodecInspector.TryGetLayers(kind, data, marking, out _, out _);
                CodecInspector.IsDtx(kind, data);
            }
            Vp8PayloadDescriptor.TryParse(data, out _, out _);
            Vp9PayloadDescriptor.TryParse(data, out _, out _);
            H264PayloadDescriptor.TryParse(data, marking, out _, out _);
            H264PayloadDescriptor.TryParseSvc(data, marking, out _, out _);
            OpusPayload.TryParseToc(data, out _, out _, out _, out _);
            data.CopyTo(room, 0);
            Vp8PayloadDescriptor.TryWidenPictureId(room, data.Length, out _);
            data.CopyTo(room, 0);
            Vp8PayloadDescriptor.TrySetPictureId(room.AsSpan(0, data.Length), 0x1234);
            Vp8PayloadDescriptor.TrySetTl0PicIdx(room.AsSpan(0, data.Length), 7);
        });
    }

    /// <summary>Every header extension value reader on the same bytes (each checks its own length).</summary>
    private static void ReadEveryExtensionValue(ReadOnlySpan<byte> value)
    {
        AudioLevelExtension.TryRead(value, out _, out _);
        VideoOrientationExtension.TryRead(value, out _);
        FrameMarkingExtension.TryRead(value, out _);
        MidExtension.TryRead(value, out _);
        RidExtension.TryRead(value, out _);
        RepairedRidExtension.TryRead(value, out _);
        AbsSendTimeExtension.TryRead(value, out _);
        TransportWideSequenceNumberExtension.TryRead(value, out _);
        TransmissionTimeOffsetExtension.TryRead(value, out _);
        PlayoutDelayExtension.TryRead(value, out _, out _);
        AbsoluteCaptureTimeExtension.TryRead(value, out _, out _, out _);
    }

    /// <summary>
    /// <see cref="InputsPerLength"/> random arrays of each length 0 … 1500 (exact size, so an overread throws). With
    /// <paramref name="versionTwo"/>, every other one starts with version 2 and, for RTP, plausible CSRC/extension bits.
    /// </summary>
    private static void ForEachInput(int seed, bool versionTwo, Action<byte[]> parse)
    {
        var random = new Random(seed);
        for (var length = 0; length <= MaxLength; length++)
        {
            for (var n = 0; n < InputsPerLength; n++)
            {
                var data = new byte[length];
                random.NextBytes(data);
                if (versionTwo && length > 0 && n % 2 == 0)
                {
                    data[0] = (byte)(0x80 | (data[0] & 0x30) | (data[0] & 0x03)); // V=2, P/X random, 0–3 CSRCs
                    var at = 12 + 4 * (data[0] & 0x0F);
                    if (length >= at + 4 && (data[0] & 0x10) != 0 && n % 4 == 0)
                    {
                        // An RFC 8285 one-byte block with a plausible length.
                        data[at] = 0xBE;
                        data[at + 1] = 0xDE;
                        data[at + 2] = 0;
                        data[at + 3] = (byte)random.Next(0, Math.Max(1, (length - at - 4) / 4 + 2));
                    }
                }
                try
                {
                    parse(data);
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                {
                    Assert.Fail($"threw on {length} bytes (seed {seed}, input {n}): {Convert.ToHexString(data)}\n{e}");
                }
            }
        }
    }
}
