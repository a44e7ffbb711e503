using Sfu.Contracts.Dumps;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class TransportDumpTests
{
    private const string Base = """
        "id":"t1","direct":false,"producerIds":["p1"],"consumerIds":["c1"],
        "mapSsrcConsumerId":[{"key":123456789,"value":"c1"}],"mapRtxSsrcConsumerId":[{"key":123456790,"value":"c1"}],
        "recvRtpHeaderExtensions":{"mid":1,"rid":2,"rrid":3,"absSendTime":4,"transportWideCc01":5},
        "rtpListener":{"ssrcTable":[{"key":11111111,"value":"p1"}],"midTable":[{"key":"AUDIO","value":"p1"}],"ridTable":[{"key":"r0","value":"p1"}]},
        "maxMessageSize":262144,"dataProducerIds":["dp1"],"dataConsumerIds":[],
        "sctpParameters":{"port":5000,"OS":1024,"MIS":1024,"maxMessageSize":262144,"sendBufferSize":262144,"sctpBufferedAmount":0,"isDataChannel":true},
        "sctpState":"new","sctpListener":{"streamIdTable":[{"key":0,"value":"dp1"}]},
        "traceEventTypes":["probation"]
        """;

    [Fact]
    public void A_webrtc_transport_dump_round_trips_with_ice_and_dtls_fields()
    {
        var dump = JsonAssert.RoundTrips<WebRtcTransportDump>($$"""
            { {{Base}},
              "iceRole":"controlled",
              "iceParameters":{"usernameFragment":"u","password":"p","iceLite":true},
              "iceCandidates":[{"foundation":"udpcandidate","priority":1076302079,"ip":"9.9.9.1","address":"9.9.9.1","protocol":"udp","port":40533,"type":"host"},
                               {"foundation":"tcpcandidate","priority":1076276479,"ip":"9.9.9.1","address":"9.9.9.1","protocol":"tcp","port":40534,"type":"host","tcpType":"passive"}],
              "iceState":"completed",
              "iceSelectedTuple":{"localIp":"9.9.9.1","localAddress":"9.9.9.1","localPort":40533,"remoteIp":"1.2.3.4","remotePort":5000,"protocol":"udp"},
              "dtlsParameters":{"role":"server","fingerprints":[{"algorithm":"sha-256","value":"AA:BB"}]},
              "dtlsState":"connected",
              "dtlsRemoteCert":"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n" }
            """);

        Assert.Equal("AUDIO", dump.RtpListener.MidTable[0].Key);
        Assert.Equal(123456789u, dump.MapSsrcConsumerId[0].Key);
    }

    [Fact]
    public void A_fresh_transport_dump_omits_sctp_and_remote_fields()
    {
        var dump = new WebRtcTransportDump
        {
            Id = "t1",
            IceRole = IceRole.Controlled,
            IceParameters = new IceParameters { UsernameFragment = "u", Password = "p", IceLite = true },
            IceState = IceState.New,
            DtlsParameters = new DtlsParameters { Role = DtlsRole.Auto, Fingerprints = [] },
            DtlsState = DtlsState.New,
        };

        JsonAssert.Writes(dump, """
            {"id":"t1","direct":false,"producerIds":[],"consumerIds":[],"mapSsrcConsumerId":[],"mapRtxSsrcConsumerId":[],
             "recvRtpHeaderExtensions":{},"rtpListener":{"ssrcTable":[],"midTable":[],"ridTable":[]},
             "maxMessageSize":0,"dataProducerIds":[],"dataConsumerIds":[],"traceEventTypes":[],
             "iceRole":"controlled","iceParameters":{"usernameFragment":"u","password":"p","iceLite":true},"iceCandidates":[],
             "iceState":"new","dtlsParameters":{"role":"auto","fingerprints":[]},"dtlsState":"new"}
            """);
    }

    [Fact]
    public void A_plain_transport_dump_with_srtp_round_trips() =>
        JsonAssert.RoundTrips<PlainTransportDump>($$"""
            { {{Base}}, "rtcpMux":false,"comedia":false,
              "tuple":{"localIp":"127.0.0.1","localAddress":"127.0.0.1","localPort":40000,"remoteIp":"127.0.0.2","remotePort":5000,"protocol":"udp"},
              "rtcpTuple":{"localIp":"127.0.0.1","localAddress":"127.0.0.1","localPort":40001,"remoteIp":"127.0.0.2","remotePort":5001,"protocol":"udp"},
              "srtpParameters":{"cryptoSuite":"AES_CM_128_HMAC_SHA1_80","keyBase64":"ZnQ3eWJraDg0d3ZoYzM5cXN1Y2pnaHU5NWxrZTVv"} }
            """);

    [Fact]
    public void A_pipe_transport_dump_round_trips() =>
        JsonAssert.RoundTrips<PipeTransportDump>($$"""
            { {{Base}}, "tuple":{"localIp":"127.0.0.1","localAddress":"127.0.0.1","localPort":40000,"protocol":"udp"},"rtx":true }
            """);

    [Fact]
    public void A_direct_transport_dump_has_only_the_base_fields() =>
        JsonAssert.RoundTrips<DirectTransportDump>("""
            {"id":"t1","direct":true,"producerIds":[],"consumerIds":[],"mapSsrcConsumerId":[],"mapRtxSsrcConsumerId":[],
             "recvRtpHeaderExtensions":{},"rtpListener":{"ssrcTable":[],"midTable":[],"ridTable":[]},
             "maxMessageSize":1024,"dataProducerIds":[],"dataConsumerIds":[],"traceEventTypes":[]}
            """);

    [Fact]
    public void Dumps_written_through_the_base_type_keep_every_field_of_their_kind()
    {
        BaseTransportDump dump = new PipeTransportDump
        {
            Id = "t1",
            Tuple = new TransportTuple { LocalAddress = "127.0.0.1", LocalPort = 40000, Protocol = TransportProtocol.Udp },
            Rtx = true,
        };

        var expected = """
            {"id":"t1","direct":false,"producerIds":[],"consumerIds":[],"mapSsrcConsumerId":[],"mapRtxSsrcConsumerId":[],
             "recvRtpHeaderExtensions":{},"rtpListener":{"ssrcTable":[],"midTable":[],"ridTable":[]},
             "maxMessageSize":0,"dataProducerIds":[],"dataConsumerIds":[],"traceEventTypes":[],
             "tuple":{"localIp":"127.0.0.1","localAddress":"127.0.0.1","localPort":40000,"protocol":"udp"},"rtx":true}
            """;
        JsonAssert.Writes(dump, expected);
        JsonAssert.Writes<IReadOnlyList<BaseTransportDump>>([dump], $"[{expected}]");
    }

    [Fact]
    public void A_webrtc_transport_dump_without_ice_parameters_is_rejected() =>
        JsonAssert.Rejects<WebRtcTransportDump>("""{"id":"t1","dtlsParameters":{"fingerprints":[]}}""");
}
