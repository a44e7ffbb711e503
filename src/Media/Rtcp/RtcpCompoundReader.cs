namespace Sfu.Media.Rtcp;

/// <summary>
/// Receives the packets of a compound RTCP packet from <see cref="RtcpCompoundReader.Read{THandler}"/>, one typed
/// view per call. Implement it on a struct so the JIT specialises the walk and no call is virtual. Views are only
/// valid during the call: copy what must be kept.
/// </summary>
public interface IRtcpHandler
{
    /// <summary>SR (RFC 3550 §6.4.1).</summary>
    void OnSenderReport(in SenderReport report);

    /// <summary>RR (RFC 3550 §6.4.2).</summary>
    void OnReceiverReport(in ReceiverReport report);

    /// <summary>SDES (RFC 3550 §6.5).</summary>
    void OnSourceDescription(in SourceDescription sdes);

    /// <summary>BYE (RFC 3550 §6.6).</summary>
    void OnGoodbye(in Goodbye bye);

    /// <summary>APP (RFC 3550 §6.7).</summary>
    void OnApplicationDefined(in ApplicationDefined app);

    /// <summary>XR (RFC 3611).</summary>
    void OnExtendedReport(in ExtendedReport report);

    /// <summary>Generic NACK (RFC 4585 §6.2.1).</summary>
    void OnNack(in RtcpFeedbackPacket<GenericNackItem> nack);

    /// <summary>TMMBR or TMMBN (RFC 5104 §4.2); see <c>Format</c>.</summary>
    void OnTmmb(in RtcpFeedbackPacket<TmmbItem> tmmb);

    /// <summary>SR-REQ (RFC 6051 §3.3).</summary>
    void OnSrReq(in RtcpFeedback srReq);

    /// <summary>TLLEI (RFC 6642 §5.1).</summary>
    void OnTllei(in RtcpFeedbackPacket<GenericNackItem> tllei);

    /// <summary>ECN feedback (RFC 6679 §6.2).</summary>
    void OnEcn(in RtcpFeedbackPacket<EcnItem> ecn);

    /// <summary>Transport-wide congestion control feedback.</summary>
    void OnTransportWideCc(in TransportWideCcFeedback feedback);

    /// <summary>PLI (RFC 4585 §6.3.1).</summary>
    void OnPli(in RtcpFeedback pli);

    /// <summary>SLI (RFC 4585 §6.3.2).</summary>
    void OnSli(in RtcpFeedbackPacket<SliItem> sli);

    /// <summary>RPSI (RFC 4585 §6.3.3).</summary>
    void OnRpsi(in ReferencePictureSelectionIndication rpsi);

    /// <summary>FIR (RFC 5104 §4.3.1).</summary>
    void OnFir(in RtcpFeedbackPacket<FirItem> fir);

    /// <summary>TSTR or TSTN (RFC 5104 §4.3.2–3); see <c>Format</c>.</summary>
    void OnTst(in RtcpFeedbackPacket<TstItem> tst);

    /// <summary>VBCM (RFC 5104 §4.3.4).</summary>
    void OnVbcm(in VideoBackChannelMessage vbcm);

    /// <summary>PSLEI (RFC 6642 §5.2).</summary>
    void OnPslei(in RtcpFeedbackPacket<PsleiItem> pslei);

    /// <summary>REMB (draft-alvestrand-rmcat-remb-03).</summary>
    void OnRemb(in ReceiverEstimatedMaximumBitrate remb);

    /// <summary>Application layer feedback other than REMB (RFC 4585 §6.4), FCI passed on raw.</summary>
    void OnApplicationLayerFeedback(in RtcpFeedback afb);

    /// <summary>A packet type or feedback format this reader does not know, passed on raw.</summary>
    void OnUnknown(in RtcpHeader header, ReadOnlySpan<byte> packet);

    /// <summary>A packet of a known type whose contents are malformed; the walk continues with the next packet.</summary>
    void OnMalformed(in RtcpHeader header, ReadOnlySpan<byte> packet, RtcpParseError error);
}

/// <summary>
/// Walks a compound RTCP packet (RFC 3550 §6.1), reduced-size RTCP (RFC 5506) included: any packet may come first and
/// a single packet is fine.
/// </summary>
public static class RtcpCompoundReader
{
    /// <summary>
    /// Validates the structure, then calls <paramref name="handler"/> once per packet with a typed view.
    /// </summary>
    /// <returns>
    /// <see cref="RtcpParseError.None"/> when every packet parsed. When the structure is broken (a header with the
    /// wrong version, a length that runs past the buffer, a trailing partial header, bad padding) the handler is not
    /// called at all and that error is returned. When only the contents of some packets are malformed, those are
    /// reported to <see cref="IRtcpHandler.OnMalformed"/>, the others are dispatched, and the first such error is
    /// returned.
    /// </returns>
    public static RtcpParseError Read<THandler>(ReadOnlySpan<byte> compound, ref THandler handler)
        where THandler : struct, IRtcpHandler
    {
        RtcpParseError structural = Validate(compound);
        if (structural != RtcpParseError.None)
        {
            return structural;
        }

        RtcpParseError first = RtcpParseError.None;
        int offset = 0;
        while (offset < compound.Length)
        {
            RtcpHeader header = RtcpHeader.Read(compound.Slice(offset));
            ReadOnlySpan<byte> packet = compound.Slice(offset, header.PacketLength);
            RtcpParseError error = Dispatch(header, packet, ref handler);
            if (error != RtcpParseError.None)
            {
                handler.OnMalformed(header, packet, error);
                if (first == RtcpParseError.None)
                {
                    first = error;
                }
            }

            offset += header.PacketLength;
        }

        return first;
    }

    /// <summary>
    /// Checks the compound structure only: at least one packet, every common header has version 2, every length stays
    /// inside the buffer and the packets tile it exactly, and every padding count is within its packet.
    /// </summary>
    public static RtcpParseError Validate(ReadOnlySpan<byte> compound)
    {
        if (compound.IsEmpty)
        {
            return RtcpParseError.Truncated;
        }

        int offset = 0;
        while (offset < compound.Length)
        {
            ReadOnlySpan<byte> rest = compound.Slice(offset);
            if (rest.Length < RtcpHeader.Size)
            {
                return RtcpParseError.Truncated;
            }

            RtcpHeader header = RtcpHeader.Read(rest);
            if (header.Version != 2)
            {
                return RtcpParseError.BadVersion;
            }

            int length = header.PacketLength;
            if (length > rest.Length)
            {
                return RtcpParseError.BadLength;
            }

            if (header.HasPadding)
            {
                int padding = rest[length - 1];
                if (padding == 0 || padding > length - RtcpHeader.Size)
                {
                    return RtcpParseError.BadPadding;
                }
            }

            offset += length;
        }

        return RtcpParseError.None;
    }

    private static RtcpParseError Dispatch<THandler>(RtcpHeader header, ReadOnlySpan<byte> packet, ref THandler handler)
        where THandler : struct, IRtcpHandler
    {
        RtcpParseError error;
        switch (header.Type)
        {
            case RtcpPacketType.SenderReport:
                if (SenderReport.TryParse(packet, out SenderReport sr, out error))
                {
                    handler.OnSenderReport(sr);
                }

                return error;

            case RtcpPacketType.ReceiverReport:
                if (ReceiverReport.TryParse(packet, out ReceiverReport rr, out error))
                {
                    handler.OnReceiverReport(rr);
                }

                return error;

            case RtcpPacketType.SourceDescription:
                if (SourceDescription.TryParse(packet, out SourceDescription sdes, out error))
                {
                    handler.OnSourceDescription(sdes);
                }

                return error;

            case RtcpPacketType.Goodbye:
                if (Goodbye.TryParse(packet, out Goodbye bye, out error))
                {
                    handler.OnGoodbye(bye);
                }

                return error;

            case RtcpPacketType.ApplicationDefined:
                if (ApplicationDefined.TryParse(packet, out ApplicationDefined app, out error))
                {
                    handler.OnApplicationDefined(app);
                }

                return error;

            case RtcpPacketType.ExtendedReport:
                if (ExtendedReport.TryParse(packet, out ExtendedReport xr, out error))
                {
                    handler.OnExtendedReport(xr);
                }

                return error;

            case RtcpPacketType.TransportLayerFeedback:
                return DispatchTransportLayer(header, packet, ref handler);

            case RtcpPacketType.PayloadSpecificFeedback:
                return DispatchPayloadSpecific(header, packet, ref handler);

            default:
                handler.OnUnknown(header, packet);
                return RtcpParseError.None;
        }
    }

    private static RtcpParseError DispatchTransportLayer<THandler>(RtcpHeader header, ReadOnlySpan<byte> packet, ref THandler handler)
        where THandler : struct, IRtcpHandler
    {
        const RtcpPacketType type = RtcpPacketType.TransportLayerFeedback;
        RtcpParseError error;
        switch ((TransportLayerFeedbackFormat)header.Count)
        {
            case TransportLayerFeedbackFormat.Nack:
                if (RtcpFeedbackPacket<GenericNackItem>.TryParse(packet, type, header.Count, out var nack, out error))
                {
                    handler.OnNack(nack);
                }

                return error;

            case TransportLayerFeedbackFormat.Tmmbr:
            case TransportLayerFeedbackFormat.Tmmbn:
                if (RtcpFeedbackPacket<TmmbItem>.TryParse(packet, type, header.Count, out var tmmb, out error))
                {
                    handler.OnTmmb(tmmb);
                }

                return error;

            case TransportLayerFeedbackFormat.SrReq:
                if (RtcpFeedback.TryParse(packet, type, header.Count, out RtcpFeedback srReq, out error))
                {
                    handler.OnSrReq(srReq);
                }

                return error;

            case TransportLayerFeedbackFormat.Tllei:
                if (RtcpFeedbackPacket<GenericNackItem>.TryParse(packet, type, header.Count, out var tllei, out error))
                {
                    handler.OnTllei(tllei);
                }

                return error;

            case TransportLayerFeedbackFormat.Ecn:
                if (RtcpFeedbackPacket<EcnItem>.TryParse(packet, type, header.Count, out var ecn, out error))
                {
                    handler.OnEcn(ecn);
                }

                return error;

            case TransportLayerFeedbackFormat.TransportWideCc:
                if (TransportWideCcFeedback.TryParse(packet, out TransportWideCcFeedback twcc, out error))
                {
                    handler.OnTransportWideCc(twcc);
                }

                return error;

            default:
                handler.OnUnknown(header, packet);
                return RtcpParseError.None;
        }
    }

    private static RtcpParseError DispatchPayloadSpecific<THandler>(RtcpHeader header, ReadOnlySpan<byte> packet, ref THandler handler)
        where THandler : struct, IRtcpHandler
    {
        const RtcpPacketType type = RtcpPacketType.PayloadSpecificFeedback;
        RtcpParseError error;
        switch ((PayloadSpecificFeedbackFormat)header.Count)
        {
            case PayloadSpecificFeedbackFormat.Pli:
                if (RtcpFeedback.TryParse(packet, type, header.Count, out RtcpFeedback pli, out error))
                {
                    handler.OnPli(pli);
                }

                return error;

            case PayloadSpecificFeedbackFormat.Sli:
                if (RtcpFeedbackPacket<SliItem>.TryParse(packet, type, header.Count, out var sli, out error))
                {
                    handler.OnSli(sli);
                }

                return error;

            case PayloadSpecificFeedbackFormat.Rpsi:
                if (ReferencePictureSelectionIndication.TryParse(packet, out var rpsi, out error))
                {
                    handler.OnRpsi(rpsi);
                }

                return error;

            case PayloadSpecificFeedbackFormat.Fir:
                if (RtcpFeedbackPacket<FirItem>.TryParse(packet, type, header.Count, out var fir, out error))
                {
                    handler.OnFir(fir);
                }

                return error;

            case PayloadSpecificFeedbackFormat.Tstr:
            case PayloadSpecificFeedbackFormat.Tstn:
                if (RtcpFeedbackPacket<TstItem>.TryParse(packet, type, header.Count, out var tst, out error))
                {
                    handler.OnTst(tst);
                }

                return error;

            case PayloadSpecificFeedbackFormat.Vbcm:
                if (VideoBackChannelMessage.TryParse(packet, out var vbcm, out error))
                {
                    handler.OnVbcm(vbcm);
                }

                return error;

            case PayloadSpecificFeedbackFormat.Pslei:
                if (RtcpFeedbackPacket<PsleiItem>.TryParse(packet, type, header.Count, out var pslei, out error))
                {
                    handler.OnPslei(pslei);
                }

                return error;

            case PayloadSpecificFeedbackFormat.Afb:
                if (!RtcpFeedback.TryParse(packet, type, header.Count, out RtcpFeedback afb, out error))
                {
                    return error;
                }

                if (!ReceiverEstimatedMaximumBitrate.IsRemb(afb.Fci))
                {
                    handler.OnApplicationLayerFeedback(afb);
                    return RtcpParseError.None;
                }

                if (ReceiverEstimatedMaximumBitrate.TryParse(packet, out var remb, out error))
                {
                    handler.OnRemb(remb);
                }

                return error;

            default:
                handler.OnUnknown(header, packet);
                return RtcpParseError.None;
        }
    }
}
