using System.Buffers.Binary;
using Sfu.Contracts;
using Sfu.Contracts.Transports;
using Sfu.Media.Net;
using Sfu.Media.Sctp;
using Sfu.Media.Time;
using WireSctpState = Sfu.Contracts.Transports.SctpState;

namespace Sfu.Media.Transports;

/// <summary>
/// SCTP on a transport (PT6, PP1, SEC5): with <c>enableSctp</c> the transport owns one <see cref="SctpAssociation"/>
/// (port 5000, OS/MIS from numSctpStreams, maxSctpMessageSize, sctpSendBufferSize) carried in raw UDP on its tuple,
/// next to RTP and RTCP. Not a DataChannel association: DCEP (PPID 50) is ignored.
/// </summary>
/// <remarks>
/// <para>Demultiplexing follows mediasoup's plain and pipe transports: a datagram that is neither RTP nor RTCP and
/// starts with an SCTP common header whose ports are both 5000 goes to the association. It must come from the
/// transport's remote; a comedia transport that has none yet learns it from the first SCTP packet the association
/// accepts (in practice the peer's INIT), as it does from RTP and RTCP.</para>
/// <para>Who starts: as mediasoup's worker does (SctpAssociation::TransportConnected), the association sends its INIT
/// as soon as the transport is connected — <c>connect()</c>, or comedia learning the tuple — so either end may
/// initiate and both may (an INIT collision, RFC 9260 §5.2.1). A peer's INIT that arrives first is answered as well.</para>
/// <para>The association's timers run on one loop timer of the worker, armed for its next timeout; packets go out
/// through the transport's socket batch. Per packet nothing is allocated (the association pools its buffers).</para>
/// </remarks>
public abstract partial class Transport
{
    /// <summary>The SCTP port both ends use (mediasoup's IsSctp "hack": source and destination 5000).</summary>
    public const ushort SctpPort = 5000;

    /// <summary>RFC 8832 §8.1: the PPID of DataChannel Establishment Protocol messages.</summary>
    private const uint DataChannelControlPpid = 50;

    private SctpAssociation? _sctp;
    private LoopTimer? _sctpTimer;
    private long _sctpSendBufferSize;

    /// <summary>The association when <c>enableSctp</c>; null otherwise.</summary>
    internal SctpAssociation? Sctp => _sctp;

    /// <summary>
    /// mediasoup's <c>sctpState</c>: null without SCTP, else the association's state; <c>closed</c> once the transport
    /// closed, whatever the association's last state was (WT9).
    /// </summary>
    public WireSctpState? SctpState => _sctp is null ? null : Closed ? WireSctpState.Closed : ToWire(_sctp.State);

    /// <summary>mediasoup's largest <c>sctpSendBufferSize</c> (WT1, PP1).</summary>
    public const long MaxSctpSendBufferSize = 268_435_456;

    /// <summary>
    /// PT1/PP1: the SCTP options of a transport that enables SCTP; TypeError for numSctpStreams outside 1–65535, a
    /// maxSctpMessageSize below 1 (or beyond what one message can be), or an sctpSendBufferSize below 1 or above
    /// <see cref="MaxSctpSendBufferSize"/>. Options of a transport without SCTP are not checked (mediasoup ignores them).
    /// </summary>
    internal static void ValidateSctpOptions(bool? enableSctp, NumSctpStreams? numSctpStreams, long? maxSctpMessageSize, long? sctpSendBufferSize)
    {
        if (numSctpStreams is { } n && (n.OS is < 1 or > 65535 || n.MIS is < 1 or > 65535))
        {
            throw new TypeError("invalid numSctpStreams");
        }
        if (enableSctp != true)
        {
            return;
        }
        if (maxSctpMessageSize is < 1 or > int.MaxValue)
        {
            throw new TypeError($"wrong maxSctpMessageSize {maxSctpMessageSize}");
        }
        if (sctpSendBufferSize is < 1)
        {
            throw new TypeError($"wrong sctpSendBufferSize {sctpSendBufferSize}");
        }
        if (sctpSendBufferSize > MaxSctpSendBufferSize)
        {
            throw new TypeError("wrong sctpSendBufferSize (maximum value exceeded)");
        }
    }

    /// <summary>
    /// Called once by a kind's constructor when SCTP is enabled: an association for <paramref name="parameters"/>
    /// (port 5000, OS, MIS, maxMessageSize) with the given send buffer, that initiates once the transport connects.
    /// </summary>
    protected void CreateSctpAssociation(SctpParameters parameters, long sendBufferSize)
    {
        _sctpSendBufferSize = sendBufferSize;
        _sctp = new SctpAssociation(new SctpAssociationOptions
        {
            LocalPort = SctpPort,
            RemotePort = SctpPort,
            OutboundStreams = (ushort)parameters.OS,
            MaxInboundStreams = (ushort)parameters.MIS,
            MaxMessageSize = (int)parameters.MaxMessageSize,
            SendBufferSize = sendBufferSize,
            IsDataChannel = false,
            Role = SctpRole.Client,
        });
        _sctpTimer = new LoopTimer(OnSctpTimer);
    }

    /// <summary>
    /// <paramref name="parameters"/> as the dump shows them (§3.8): the public ones plus <c>sendBufferSize</c>,
    /// <c>sctpBufferedAmount</c> and <c>isDataChannel</c> (false: raw SCTP over UDP, not a DataChannel association).
    /// </summary>
    protected SctpParameters? SctpParametersForDump(SctpParameters? parameters) =>
        parameters is null || _sctp is null
            ? parameters
            : parameters with { SendBufferSize = _sctpSendBufferSize, SctpBufferedAmount = _sctp.BufferedAmount, IsDataChannel = false };

    /// <summary>
    /// The transport is connected (mediasoup's Transport::Connected): a new association starts, sending its INIT.
    /// Until the transport knows where to send (comedia before the first packet), packets wait in the association.
    /// </summary>
    protected void StartSctp(Instant now)
    {
        if (_sctp is null || Closed || _sctp.State != Sfu.Media.Sctp.SctpState.New)
        {
            return;
        }
        _sctp.Connect(now);
        PumpSctp(now);
    }

    /// <summary>A datagram that is not RTP or RTCP: an SCTP packet of mediasoup's kind (both ports 5000)?</summary>
    private static bool IsSctp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= SctpPacket.HeaderSize
        && BinaryPrimitives.ReadUInt16BigEndian(datagram) == SctpPort
        && BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]) == SctpPort;

    private void ReceiveSctp(UdpEndpoint endpoint, ReadOnlySpan<byte> datagram, in NetAddress remote, Instant now)
    {
        var sctp = _sctp;
        if (sctp is null)
        {
            Drop(DropReason.SctpNotEnabled, now);
            return;
        }
        if (!AcceptsRemote(endpoint, remote, rtcp: false))
        {
            Drop(AwaitsRemote ? DropReason.NotConnected : DropReason.UnknownRemote, now);
            return;
        }

        var accepted = sctp.PacketsReceived;
        sctp.HandleReceive(datagram, now);
        if (sctp.PacketsReceived == accepted)
        {
            Drop(DropReason.BadSctp, now);
        }
        else
        {
            OnValidDatagram(endpoint, remote, rtcp: false, now);
        }
        PumpSctp(now);
    }

    /// <summary>Delivers the association's events, sends what it has to send (when there is a remote), re-arms its timer.</summary>
    private void PumpSctp(Instant now)
    {
        var sctp = _sctp!;
        DrainSctpEvents(sctp, now);
        if (TryGetSendTarget(rtcp: false, out var endpoint, out var remote))
        {
            while (true)
            {
                var slot = endpoint.GetSendSlot();
                if (slot.Length < sctp.Options.Mtu || !sctp.TryPollTransmit(slot, out var length))
                {
                    break;
                }
                if (endpoint.Commit(length, remote))
                {
                    _sendRate.Update(length, now);
                }
            }
            DrainSctpEvents(sctp, now);
        }
        ArmSctpTimer(sctp);
    }

    private void DrainSctpEvents(SctpAssociation sctp, Instant now)
    {
        while (sctp.TryPollEvent(out var e))
        {
            switch (e.Kind)
            {
                case SctpEventKind.StateChanged:
                    if (!Closed)
                    {
                        _listener.OnTransportSctpStateChange(this, ToWire(e.State));
                    }
                    break;
                case SctpEventKind.MessageReceived:
                    OnSctpMessage(e.StreamId, e.PayloadProtocolIdentifier, e.Message, now);
                    break;
                case SctpEventKind.MessageTooLarge:
                    Drop(DropReason.SctpMessageTooLarge, now);
                    break;
                default:
                    // Stream resets and buffered-amount-low concern data producers and consumers (not built yet).
                    break;
            }
        }
    }

    /// <summary>
    /// A whole message from the peer. This is where data producers will take their stream's messages (mediasoup's
    /// sctpListener, stream id → data producer); there are none yet, so every message is counted and dropped.
    /// </summary>
    private void OnSctpMessage(ushort streamId, uint ppid, ReadOnlySpan<byte> message, Instant now)
    {
        _ = streamId;
        _ = message;
        Drop(ppid == DataChannelControlPpid ? DropReason.SctpDataChannelControl : DropReason.SctpNoDataProducer, now);
    }

    /// <summary>
    /// Queues a message to the peer and sends what the windows allow: the path data consumers will use (mediasoup's
    /// SendSctpMessage). <see cref="SctpSendResult.InvalidState"/> without SCTP or once closed.
    /// </summary>
    internal SctpSendResult SendSctpMessage(ushort streamId, uint ppid, ReadOnlySpan<byte> message, bool ordered,
        int? maxRetransmits, int? maxPacketLifeTimeMs, Instant now)
    {
        if (_sctp is null || Closed)
        {
            return SctpSendResult.InvalidState;
        }
        var result = _sctp.Send(streamId, ppid, message, ordered, maxRetransmits, maxPacketLifeTimeMs, now);
        if (result == SctpSendResult.Success)
        {
            PumpSctp(now);
        }
        return result;
    }

    /// <summary>
    /// Resets outgoing streams (RFC 6525), as a closing data consumer or producer does in mediasoup. False without SCTP,
    /// before the association is up, or when the peer does not support stream reset.
    /// </summary>
    internal bool ResetSctpStreams(ReadOnlySpan<ushort> streams, Instant now)
    {
        if (_sctp is null || Closed || !_sctp.ResetStreams(streams, now))
        {
            return false;
        }
        PumpSctp(now);
        return true;
    }

    /// <summary>Arms the loop timer for the association's next timeout when that is earlier than what is armed.</summary>
    private void ArmSctpTimer(SctpAssociation sctp)
    {
        var next = sctp.NextTimeout;
        if (Closed || next == Instant.MaxValue)
        {
            return;
        }
        var timer = _sctpTimer!;
        if (!timer.IsArmed || next < timer.Due)
        {
            Context.Loop.Schedule(timer, next);
        }
    }

    private void OnSctpTimer(Instant now)
    {
        if (Closed || _sctp is null)
        {
            return;
        }
        _sctp.HandleTimeout(now);
        PumpSctp(now);
    }

    /// <summary>
    /// On transport close: the association aborts (an ABORT to the peer when it is up, as usrsctp_close with a zero
    /// linger does in mediasoup), the ABORT goes out before the socket closes, and the pooled buffers are returned.
    /// No <c>sctpstatechange</c> follows: the state reads <c>closed</c> (WT9).
    /// </summary>
    private void CloseSctp()
    {
        if (_sctp is null)
        {
            return;
        }
        Context.Loop.Cancel(_sctpTimer!);
        var now = Context.Loop.Now;
        _sctp.Abort(now);
        PumpSctp(now);
        _sctp.Dispose();
    }

    private static WireSctpState ToWire(Sfu.Media.Sctp.SctpState state) => state switch
    {
        Sfu.Media.Sctp.SctpState.New => WireSctpState.New,
        Sfu.Media.Sctp.SctpState.Connecting => WireSctpState.Connecting,
        Sfu.Media.Sctp.SctpState.Connected => WireSctpState.Connected,
        Sfu.Media.Sctp.SctpState.Failed => WireSctpState.Failed,
        _ => WireSctpState.Closed,
    };
}
