using Sfu.Contracts.Dumps;
using Sfu.Contracts.Rtp;

namespace Sfu.Contracts.Tests;

public class ProducerDumpTests
{
    [Fact]
    public void A_video_producer_dump_round_trips_with_rtp_mapping_and_streams()
    {
        var dump = JsonAssert.RoundTrips<ProducerDump>("""
            {"id":"p1","kind":"video","type":"simulcast",
             "rtpParameters":{"mid":"VIDEO",
               "codecs":[{"mimeType":"video/H264","payloadType":112,"clockRate":90000,
                          "parameters":{"packetization-mode":1,"profile-level-id":"4d0032"},
                          "rtcpFeedback":[{"type":"nack","parameter":""},{"type":"nack","parameter":"pli"},{"type":"goog-remb","parameter":""}]},
                         {"mimeType":"video/rtx","payloadType":113,"clockRate":90000,"parameters":{"apt":112},"rtcpFeedback":[]}],
               "headerExtensions":[{"uri":"urn:ietf:params:rtp-hdrext:sdes:mid","id":10,"encrypt":false,"parameters":{}},
                                   {"uri":"urn:3gpp:video-orientation","id":13,"encrypt":false,"parameters":{}}],
               "encodings":[{"ssrc":22222222,"rtx":{"ssrc":22222223},"codecPayloadType":112,"dtx":false},
                            {"ssrc":22222224,"rtx":{"ssrc":22222225},"codecPayloadType":112,"dtx":false}],
               "rtcp":{"cname":"FOOBAR","reducedSize":true}},
             "rtpMapping":{"codecs":[{"payloadType":112,"mappedPayloadType":103},{"payloadType":113,"mappedPayloadType":104}],
                           "encodings":[{"ssrc":22222222,"mappedSsrc":123456789},{"ssrc":22222224,"scalabilityMode":"L1T3","mappedSsrc":123456790}]},
             "rtpStreams":[{"params":{"encodingIdx":0,"ssrc":22222222,"payloadType":112,"mimeType":"video/H264","clockRate":90000,
                                      "cname":"FOOBAR","rtxSsrc":22222223,"rtxPayloadType":113,"useNack":true,"usePli":true,"useFir":false,
                                      "useInBandFec":false,"useDtx":false,"spatialLayers":1,"temporalLayers":1},
                            "score":10,
                            "rtxStream":{"params":{"ssrc":22222223,"payloadType":113,"mimeType":"video/rtx","clockRate":90000,"cname":"FOOBAR"}}}],
             "traceEventTypes":["rtp","pli"],"paused":false}
            """);

        Assert.Equal(ProducerType.Simulcast, dump.Type);
        Assert.Equal(103, dump.RtpMapping.Codecs[0].MappedPayloadType);
        Assert.Equal(22222223u, dump.RtpStreams![0].RtxStream!.Params.Ssrc);
    }

    [Fact]
    public void A_producer_dump_without_streams_omits_rtp_streams() =>
        JsonAssert.Writes(
            new ProducerDump
            {
                Id = "p1",
                Kind = MediaKind.Audio,
                Type = ProducerType.Simple,
                RtpParameters = new RtpParameters
                {
                    Codecs = [new RtpCodecParameters { MimeType = "audio/opus", PayloadType = 111, ClockRate = 48000, Channels = 2 }],
                },
                RtpMapping = new RtpMapping
                {
                    Codecs = [new RtpMappingCodec(111, 100)],
                    Encodings = [new RtpMappingEncoding { Ssrc = 11111111, MappedSsrc = 987654321 }],
                },
            },
            """
            {"id":"p1","kind":"audio","type":"simple",
             "rtpParameters":{"codecs":[{"mimeType":"audio/opus","payloadType":111,"clockRate":48000,"channels":2}]},
             "rtpMapping":{"codecs":[{"payloadType":111,"mappedPayloadType":100}],"encodings":[{"ssrc":11111111,"mappedSsrc":987654321}]},
             "traceEventTypes":[],"paused":false}
            """);

    [Fact]
    public void A_stream_without_rid_and_rtx_omits_them() =>
        JsonAssert.Writes(
            new RtpStreamDump
            {
                Params = new RtpStreamParametersDump { Ssrc = 1, PayloadType = 100, MimeType = "audio/opus", ClockRate = 48000, Cname = "c", UseInBandFec = true, UseDtx = true, SpatialLayers = 1, TemporalLayers = 1 },
                Score = 10,
            },
            """
            {"params":{"encodingIdx":0,"ssrc":1,"payloadType":100,"mimeType":"audio/opus","clockRate":48000,"cname":"c",
                       "useNack":false,"usePli":false,"useFir":false,"useInBandFec":true,"useDtx":true,"spatialLayers":1,"temporalLayers":1},
             "score":10}
            """);
}
