using System.Text.Json.Nodes;
using Sfu.Contracts;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Options;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;
using Sfu.Media.Net;
using Sfu.Media.Routing;
using Sfu.Media.Srtp;
using Sfu.Media.Time;

namespace Sfu.Media.Transports;

/// <summary>
/// mediasoup's PlainTransport (PT1–PT8): RTP and RTCP over plain UDP to one remote, given by <c>connect()</c> or
/// learned from the first packets (comedia), with RTCP multiplexed or on its own port, and optional SRTP with a
/// key exchanged out of band. Loop thread only.
/// </summary>
public sealed class PlainTransport : Transport
{
    private readonly UdpEndpoint _rtp;
    private readonly UdpEndpoint? _rtcp;
    private readonly string _announcedAddress;
    private readonly string? _rtcpAnnouncedAddress;
    private SrtpProfile _srtpProfile;
    private SrtpMasterKey? _localKey;
    private SrtpContextPair? _srtp;
    private NetAddress _remote;
    private NetAddress _rtcpRemote;
    private bool _hasRemote;
    private bool _hasRtcpRemote;
    private bool _connected;

    private PlainTransport(string id, Router router, ITransportListener listener, PlainTransportOptions options,
        TransportListenInfo listenInfo, TransportListenInfo? rtcpListenInfo)
        : base(id, router, listener, options.AppData)
    {
        Comedia = options.Comedia ?? false;
        RtcpMux = rtcpListenInfo is null && (options.RtcpMux ?? true);
        EnableSrtp = options.EnableSrtp ?? false;
        if (options.EnableSctp == true)
        {
            var streams = options.NumSctpStreams ?? new NumSctpStreams { OS = 1024, MIS = 1024 };
            SctpParameters = new SctpParameters
            {
                Port = 5000,
                OS = streams.OS ?? 1024,
                MIS = streams.MIS ?? 1024,
                MaxMessageSize = (int)(options.MaxSctpMessageSize ?? 262144),
            };
            CreateSctpAssociation(SctpParameters, options.SctpSendBufferSize ?? 262144);
        }
        if (EnableSrtp)
        {
            _srtpProfile = ToProfile(options.SrtpCryptoSuite ?? SrtpCryptoSuite.AesCm128HmacSha1Tag80);
            _localKey = SrtpMasterKey.Generate(_srtpProfile);
        }

        _announcedAddress = listenInfo.AnnouncedAddress ?? listenInfo.AnnouncedIp ?? "";
        _rtp = UdpEndpoint.Bind(Context.Loop, UdpBindOptions.FromListenInfo(listenInfo), this);
        if (!RtcpMux)
        {
            var rtcpInfo = rtcpListenInfo ?? listenInfo with { Port = null, PortRange = listenInfo.PortRange };
            _rtcpAnnouncedAddress = rtcpInfo.AnnouncedAddress ?? rtcpInfo.AnnouncedIp;
            try
            {
                _rtcp = UdpEndpoint.Bind(Context.Loop, UdpBindOptions.FromListenInfo(rtcpInfo), this);
            }
            catch
            {
                _rtp.Close();
                throw;
            }
        }
    }

    public bool RtcpMux { get; }

    /// <summary>The RTP (and, with rtcp-mux, RTCP) socket; tests hand datagrams to the transport as if it had read them.</summary>
    internal UdpEndpoint RtpEndpoint => _rtp;

    public bool Comedia { get; }

    public bool EnableSrtp { get; }

    public SctpParameters? SctpParameters { get; }

    /// <summary>PT1: validates the options and binds the sockets (TypeError / Error as mediasoup).</summary>
    public static PlainTransport Create(string id, Router router, PlainTransportOptions options, ITransportListener listener)
    {
        var listenInfo = ResolveListenInfo(options.ListenInfo, options.ListenIp, options.Port, "plain");
        if (options.RtcpListenInfo is { Protocol: TransportProtocol.Tcp })
        {
            throw new TypeError("only UDP is supported for rtcpListenInfo");
        }
        ValidateSctpOptions(options.EnableSctp, options.NumSctpStreams, options.MaxSctpMessageSize, options.SctpSendBufferSize);
        var transport = new PlainTransport(id, router, listener, options, listenInfo, options.RtcpListenInfo);
        router.AddTransport(transport);
        return transport;
    }

    /// <summary>Exactly one of listenInfo and listenIp (+port); UDP only.</summary>
    internal static TransportListenInfo ResolveListenInfo(TransportListenInfo? listenInfo, TransportListenIp? listenIp, int? port, string kind)
    {
        if (listenInfo is null && listenIp is null)
        {
            throw new TypeError("missing listenInfo and listenIp (one of them is mandatory)");
        }
        if (listenInfo is not null && listenIp is not null)
        {
            throw new TypeError("only one of listenInfo and listenIp must be given");
        }
        listenInfo ??= new TransportListenInfo
        {
            Protocol = TransportProtocol.Udp,
            Ip = listenIp!.Ip,
            AnnouncedAddress = listenIp.AnnouncedIp,
            Port = port,
        };
        if (listenInfo.Protocol is TransportProtocol.Tcp)
        {
            throw new TypeError($"only UDP is supported in a {kind} transport");
        }
        return listenInfo;
    }

    /// <summary>PT2: <c>{localAddress, localIp, localPort, protocol, remoteIp?, remotePort?}</c>.</summary>
    public TransportTuple Tuple => MakeTuple(_rtp, _announcedAddress, _hasRemote ? _remote : null);

    /// <summary>PT2: only without rtcp-mux.</summary>
    public TransportTuple? RtcpTuple => _rtcp is null ? null
        : MakeTuple(_rtcp, _rtcpAnnouncedAddress ?? _announcedAddress, _hasRtcpRemote ? _rtcpRemote : null);

    /// <summary>PT5: the local key, whose suite follows the remote's once connected.</summary>
    public SrtpParameters? SrtpParameters => _localKey is null ? null
        : new SrtpParameters { CryptoSuite = ToSuite(_srtpProfile), KeyBase64 = _localKey.ToBase64() };

    /// <summary>PT3–PT5: the remote address and SRTP key. A second call is an Error; bad arguments are TypeErrors.</summary>
    public void Connect(PlainTransportConnectParameters parameters)
    {
        ThrowIfClosed();
        if (_connected)
        {
            throw new SfuException("connect() already called");
        }

        NetAddress remote = default;
        NetAddress rtcpRemote = default;
        if (!Comedia)
        {
            if (parameters.Ip is null)
            {
                throw new TypeError("missing ip");
            }
            if (parameters.Port is not { } port)
            {
                throw new TypeError("missing port");
            }
            if (port is < 1 or > 65535)
            {
                throw new TypeError($"invalid port {port}");
            }
            if (!NetAddress.TryParse(parameters.Ip, port, out remote))
            {
                throw new TypeError($"invalid IP '{parameters.Ip}'");
            }
            if (!RtcpMux)
            {
                if (parameters.RtcpPort is not { } rtcpPort)
                {
                    throw new TypeError("missing rtcpPort (required when rtcpMux is false)");
                }
                if (rtcpPort is < 1 or > 65535)
                {
                    throw new TypeError($"invalid rtcpPort {rtcpPort}");
                }
                NetAddress.TryParse(parameters.Ip, rtcpPort, out rtcpRemote);
            }
            else if (parameters.RtcpPort is not null)
            {
                throw new TypeError("cannot set rtcpPort when rtcpMux is true");
            }
        }

        SrtpContextPair? srtp = null;
        if (EnableSrtp)
        {
            var remoteParameters = parameters.SrtpParameters ?? throw new TypeError("missing srtpParameters (SRTP enabled)");
            var remoteProfile = ToProfile(remoteParameters.CryptoSuite);
            var remoteKey = SrtpMasterKey.FromBase64(remoteProfile, remoteParameters.KeyBase64); // TypeError on a bad key
            if (remoteProfile != _srtpProfile)
            {
                // PT5: the remote's suite wins; the local key is regenerated for it.
                _srtpProfile = remoteProfile;
                _localKey = SrtpMasterKey.Generate(remoteProfile);
            }
            srtp = SrtpContextPair.FromMasterKeys(_localKey!, remoteKey);
        }
        else if (parameters.SrtpParameters is not null)
        {
            throw new TypeError("invalid srtpParameters (SRTP not enabled)");
        }

        _connected = true;
        _srtp = srtp;
        if (!Comedia)
        {
            _remote = remote;
            _hasRemote = true;
            if (!RtcpMux)
            {
                _rtcpRemote = rtcpRemote;
                _hasRtcpRemote = true;
            }
            ScheduleRtcp();
        }

        // mediasoup assumes the transport connected once connect() succeeds, comedia or not: SCTP starts.
        StartSctp(Context.Loop.Now);
    }

    protected override SrtpContext? SendSrtp => _srtp?.Send;

    protected override SrtpContext? RecvSrtp => _srtp?.Receive;

    protected override bool SrtpPending => EnableSrtp && _srtp is null;

    protected override bool TryGetSendTarget(bool rtcp, out UdpEndpoint endpoint, out NetAddress remote)
    {
        if (rtcp && !RtcpMux)
        {
            endpoint = _rtcp!;
            remote = _rtcpRemote;
            return _hasRtcpRemote;
        }
        endpoint = _rtp;
        remote = _remote;
        return _hasRemote;
    }

    protected override bool AcceptsRemote(UdpEndpoint endpoint, in NetAddress remote, bool rtcp)
    {
        if (!RtcpMux && ReferenceEquals(endpoint, _rtcp))
        {
            if (!rtcp)
            {
                return false;
            }
            return _hasRtcpRemote ? remote == _rtcpRemote : Comedia;
        }
        if (!RtcpMux && rtcp && !Comedia)
        {
            return false; // RTCP belongs on the RTCP port
        }
        return _hasRemote ? remote == _remote : Comedia;
    }

    protected override bool AwaitsRemote => !Comedia && !_hasRemote;

    protected override void OnValidDatagram(UdpEndpoint endpoint, in NetAddress remote, bool rtcp, Instant now)
    {
        if (!Comedia)
        {
            return;
        }
        if (!RtcpMux && ReferenceEquals(endpoint, _rtcp))
        {
            if (!_hasRtcpRemote)
            {
                _rtcpRemote = remote;
                _hasRtcpRemote = true;
                Listener.OnTransportRtcpTuple(this);
            }
            return;
        }
        if (!_hasRemote)
        {
            _remote = remote;
            _hasRemote = true;
            Listener.OnTransportTuple(this);
            if (RtcpMux)
            {
                // With rtcp-mux the RTCP tuple is the RTP tuple.
                _rtcpRemote = remote;
            }
            ScheduleRtcp();
            StartSctp(now); // connected now (PT6): the association starts, or sends what it has waiting
        }
    }

    protected override void CloseSockets()
    {
        _rtp.Close();
        _rtcp?.Close();
        _srtp?.Dispose();
    }

    public override BaseTransportDump Dump() => FillDump(new PlainTransportDump
    {
        RtcpMux = RtcpMux,
        Comedia = Comedia,
        Tuple = Tuple,
        RtcpTuple = RtcpTuple,
        SrtpParameters = SrtpParameters,
        SctpParameters = SctpParametersForDump(SctpParameters),
        SctpState = SctpState,
    });

    public override BaseTransportStats GetStats(Instant now) => FillStats(new PlainTransportStats
    {
        RtcpMux = RtcpMux,
        Comedia = Comedia,
        Tuple = Tuple,
        RtcpTuple = RtcpTuple,
        SctpState = SctpState,
    }, now);

    protected override long MaxMessageSize => SctpParameters?.MaxMessageSize ?? 262144;

    internal static TransportTuple MakeTuple(UdpEndpoint endpoint, string announcedAddress, NetAddress? remote) => new()
    {
        LocalAddress = announcedAddress.Length > 0 ? announcedAddress : endpoint.BoundIp.ToString(),
        LocalPort = endpoint.Port,
        Protocol = TransportProtocol.Udp,
        RemoteIp = remote?.IpToString(),
        RemotePort = remote?.Port,
    };

    internal static SrtpProfile ToProfile(SrtpCryptoSuite suite) => suite switch
    {
        SrtpCryptoSuite.AesCm128HmacSha1Tag80 => SrtpProfile.AesCm128HmacSha1_80,
        SrtpCryptoSuite.AesCm128HmacSha1Tag32 => SrtpProfile.AesCm128HmacSha1_32,
        SrtpCryptoSuite.AeadAes128Gcm => SrtpProfile.AeadAes128Gcm,
        SrtpCryptoSuite.AeadAes256Gcm => SrtpProfile.AeadAes256Gcm,
        _ => throw new TypeError($"invalid cryptoSuite {suite}"),
    };

    internal static SrtpCryptoSuite ToSuite(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => SrtpCryptoSuite.AesCm128HmacSha1Tag80,
        SrtpProfile.AesCm128HmacSha1_32 => SrtpCryptoSuite.AesCm128HmacSha1Tag32,
        SrtpProfile.AeadAes128Gcm => SrtpCryptoSuite.AeadAes128Gcm,
        _ => SrtpCryptoSuite.AeadAes256Gcm,
    };
}
