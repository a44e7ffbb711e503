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
/// mediasoup's PipeTransport (PP1–PP4): RTP between two routers — on two workers or two hosts — over one UDP socket
/// each, rtcp-mux, optional RTX, optional SRTP fixed to AEAD_AES_256_GCM. Its consumers are pipe consumers (every
/// encoding, verbatim) and producers keep their CNAME. Loop thread only.
/// </summary>
public sealed class PipeTransport : Transport
{
    /// <summary>PP1: the one suite a pipe transport uses.</summary>
    public const SrtpCryptoSuite PipeSrtpSuite = SrtpCryptoSuite.AeadAes256Gcm;

    private readonly UdpEndpoint _socket;
    private readonly string _announcedAddress;
    private readonly SrtpMasterKey? _localKey;
    private SrtpContextPair? _srtp;
    private NetAddress _remote;
    private bool _connected;

    private PipeTransport(string id, Router router, ITransportListener listener, PipeTransportOptions options, TransportListenInfo listenInfo)
        : base(id, router, listener, options.AppData)
    {
        Rtx = options.EnableRtx ?? false;
        EnableSrtp = options.EnableSrtp ?? false;
        if (options.EnableSctp == true)
        {
            var streams = options.NumSctpStreams ?? new NumSctpStreams { OS = 1024, MIS = 1024 };
            SctpParameters = new SctpParameters
            {
                Port = 5000,
                OS = streams.OS ?? 1024,
                MIS = streams.MIS ?? 1024,
                MaxMessageSize = (int)(options.MaxSctpMessageSize ?? 268435456),
            };
            CreateSctpAssociation(SctpParameters, options.SctpSendBufferSize ?? MaxSctpSendBufferSize);
        }
        if (EnableSrtp)
        {
            _localKey = SrtpMasterKey.Generate(SrtpProfile.AeadAes256Gcm);
        }
        _announcedAddress = listenInfo.AnnouncedAddress ?? listenInfo.AnnouncedIp ?? "";
        _socket = UdpEndpoint.Bind(Context.Loop, UdpBindOptions.FromListenInfo(listenInfo), this);
    }

    public override bool IsPipe => true;

    /// <summary>PP1 <c>enableRtx</c>: pipe consumers negotiate NACK and RTX.</summary>
    public bool Rtx { get; }

    public bool EnableSrtp { get; }

    public SctpParameters? SctpParameters { get; }

    public bool IsConnected => _connected;

    /// <summary>The socket; tests hand datagrams to the transport as if it had read them.</summary>
    internal UdpEndpoint Endpoint => _socket;

    /// <summary>PP1: validates and binds (TypeError / Error as mediasoup).</summary>
    public static PipeTransport Create(string id, Router router, PipeTransportOptions options, ITransportListener listener)
    {
        var listenInfo = PlainTransport.ResolveListenInfo(options.ListenInfo, options.ListenIp, options.Port, "pipe");
        ValidateSctpOptions(options.EnableSctp, options.NumSctpStreams, options.MaxSctpMessageSize, options.SctpSendBufferSize);
        var transport = new PipeTransport(id, router, listener, options, listenInfo);
        router.AddTransport(transport);
        return transport;
    }

    public TransportTuple Tuple => PlainTransport.MakeTuple(_socket, _announcedAddress, _connected ? _remote : null);

    public SrtpParameters? SrtpParameters => _localKey is null ? null
        : new SrtpParameters { CryptoSuite = PipeSrtpSuite, KeyBase64 = _localKey.ToBase64() };

    /// <summary>PP2: the other end's address and key. A second call is an Error; bad arguments are TypeErrors.</summary>
    public void Connect(PipeTransportConnectParameters parameters)
    {
        ThrowIfClosed();
        if (_connected)
        {
            throw new SfuException("connect() already called");
        }
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
        if (!NetAddress.TryParse(parameters.Ip, port, out var remote))
        {
            throw new TypeError($"invalid IP '{parameters.Ip}'");
        }

        SrtpContextPair? srtp = null;
        if (EnableSrtp)
        {
            var remoteParameters = parameters.SrtpParameters ?? throw new TypeError("missing srtpParameters (SRTP enabled)");
            if (remoteParameters.CryptoSuite != PipeSrtpSuite)
            {
                throw new TypeError("invalid/unsupported SRTP crypto suite (a pipe transport uses AEAD_AES_256_GCM)");
            }
            var remoteKey = SrtpMasterKey.FromBase64(SrtpProfile.AeadAes256Gcm, remoteParameters.KeyBase64);
            srtp = SrtpContextPair.FromMasterKeys(_localKey!, remoteKey);
        }
        else if (parameters.SrtpParameters is not null)
        {
            throw new TypeError("invalid srtpParameters (SRTP not enabled)");
        }

        _srtp = srtp;
        _remote = remote;
        _connected = true;
        ScheduleRtcp();
        StartSctp(Context.Loop.Now); // both ends of a pipe initiate: an INIT collision the association resolves
    }

    protected override SrtpContext? SendSrtp => _srtp?.Send;

    protected override SrtpContext? RecvSrtp => _srtp?.Receive;

    protected override bool SrtpPending => EnableSrtp && _srtp is null;

    protected override bool TryGetSendTarget(bool rtcp, out UdpEndpoint endpoint, out NetAddress remote)
    {
        endpoint = _socket;
        remote = _remote;
        return _connected;
    }

    protected override bool AcceptsRemote(UdpEndpoint endpoint, in NetAddress remote, bool rtcp) =>
        _connected && remote == _remote;

    protected override bool AwaitsRemote => !_connected;

    protected override void CloseSockets()
    {
        _socket.Close();
        _srtp?.Dispose();
    }

    public override BaseTransportDump Dump() => FillDump(new PipeTransportDump
    {
        Tuple = Tuple,
        Rtx = Rtx,
        SrtpParameters = SrtpParameters,
        SctpParameters = SctpParametersForDump(SctpParameters),
        SctpState = SctpState,
    });

    public override BaseTransportStats GetStats(Instant now) => FillStats(new PipeTransportStats
    {
        Tuple = Tuple,
        SctpState = SctpState,
    }, now);

    protected override long MaxMessageSize => SctpParameters?.MaxMessageSize ?? 268435456;
}
