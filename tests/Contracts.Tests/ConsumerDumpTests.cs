using Sfu.Contracts.Dumps;
using Sfu.Contracts.Rtp;

namespace Sfu.Contracts.Tests;

public class ConsumerDumpTests
{
    private const string Base = """
        "id":"c1","producerId":"p1","kind":"video",
        "rtpParameters":{"mid":"1",
          "codecs":[{"mimeType":"video/H264","payloadType":103,"clockRate":90000,
                     "parameters":{"packetization-mode":1,"profile-level-id":"4d0032"},
                     "rtcpFeedback":[{"type":"nack"},{"type":"nack","parameter":"pli"},{"type":"ccm","parameter":"fir"},{"type":"goog-remb"}]},
                    {"mimeType":"video/rtx","payloadType":104,"clockRate":90000,"parameters":{"apt":103},"rtcpFeedback":[]}],
          "headerExtensions":[{"uri":"urn:ietf:params:rtp-hdrext:sdes:mid","id":1,"encrypt":false,"parameters":{}},
                              {"uri":"urn:ietf:params:rtp-hdrext:toffset","id":12,"encrypt":false,"parameters":{}}],
          "encodings":[{"ssrc":123456789,"rtx":{"ssrc":123456790},"codecPayloadType":103,"scalabilityMode":"L4T1","dtx":false}],
          "rtcp":{"cname":"FOOBAR","reducedSize":true}},
        "consumableRtpEncodings":[{"ssrc":987654321,"dtx":false},{"ssrc":987654322,"dtx":false},{"ssrc":987654323,"dtx":false},{"ssrc":987654324,"dtx":false}],
        "supportedCodecPayloadTypes":[103],"traceEventTypes":[],"paused":true,"producerPaused":false,"priority":1
        """;

    private const string Stream = """
        {"params":{"encodingIdx":0,"ssrc":123456789,"payloadType":103,"mimeType":"video/H264","clockRate":90000,"cname":"FOOBAR",
                   "rtxSsrc":123456790,"rtxPayloadType":104,"useNack":true,"usePli":true,"useFir":true,"useInBandFec":false,
                   "useDtx":false,"spatialLayers":4,"temporalLayers":1},
         "score":10}
        """;

    [Fact]
    public void A_simulcast_consumer_dump_round_trips_with_layers_and_feedback_without_parameter()
    {
        var json = $$"""
            {"type":"simulcast", {{Base}}, "rtpStream":{{Stream}},
             "preferredSpatialLayer":3,"targetSpatialLayer":-1,"currentSpatialLayer":-1,
             "preferredTemporalLayer":0,"targetTemporalLayer":-1,"currentTemporalLayer":-1}
            """;

        var dump = JsonAssert.RoundTrips<SimulcastConsumerDump>(json);
        var viaBase = JsonAssert.RoundTrips<ConsumerDump>(json);

        Assert.Null(dump.RtpParameters.Codecs[0].RtcpFeedback![0].Parameter);
        Assert.Equal(-1, dump.CurrentSpatialLayer);
        Assert.IsType<SimulcastConsumerDump>(viaBase);
    }

    [Fact]
    public void A_simple_consumer_dump_round_trips() =>
        Assert.IsType<SimpleConsumerDump>(JsonAssert.RoundTrips<ConsumerDump>($$"""{"type":"simple", {{Base}}, "rtpStream":{{Stream}} }"""));

    [Fact]
    public void An_svc_consumer_dump_round_trips() =>
        Assert.IsType<SvcConsumerDump>(JsonAssert.RoundTrips<ConsumerDump>($$"""
            {"type":"svc", {{Base}}, "rtpStream":{{Stream}},
             "preferredSpatialLayer":2,"targetSpatialLayer":2,"currentSpatialLayer":1,
             "preferredTemporalLayer":2,"targetTemporalLayer":2,"currentTemporalLayer":2}
            """));

    [Fact]
    public void A_pipe_consumer_dump_round_trips_with_one_stream_per_encoding()
    {
        var dump = JsonAssert.RoundTrips<ConsumerDump>($$"""{"type":"pipe", {{Base}}, "rtpStreams":[{{Stream}},{{Stream}}] }""");

        Assert.Equal(2, Assert.IsType<PipeConsumerDump>(dump).RtpStreams.Count);
    }

    [Fact]
    public void A_consumer_dump_written_through_the_base_type_keeps_its_kind_fields()
    {
        ConsumerDump dump = new PipeConsumerDump
        {
            Id = "c1",
            ProducerId = "p1",
            Kind = MediaKind.Audio,
            RtpParameters = new RtpParameters { Codecs = [new RtpCodecParameters { MimeType = "audio/opus", PayloadType = 100, ClockRate = 48000, Channels = 2 }] },
            SupportedCodecPayloadTypes = [100],
            Priority = 1,
        };

        JsonAssert.Writes(dump, """
            {"type":"pipe","id":"c1","producerId":"p1","kind":"audio",
             "rtpParameters":{"codecs":[{"mimeType":"audio/opus","payloadType":100,"clockRate":48000,"channels":2}]},
             "supportedCodecPayloadTypes":[100],"traceEventTypes":[],"paused":false,"producerPaused":false,"priority":1,
             "rtpStreams":[]}
            """);
    }

    [Fact]
    public void A_consumer_dump_of_unknown_type_is_rejected() =>
        JsonAssert.Rejects<ConsumerDump>($$"""{"type":"mixer", {{Base}} }""");
}
