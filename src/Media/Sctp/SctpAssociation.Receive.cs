using System.Buffers.Binary;
using Sfu.Media.Sctp.Chunks;
using Sfu.Media.Time;

namespace Sfu.Media.Sctp;

public sealed partial class SctpAssociation
{
    /// <summary>
    /// Handles one received SCTP packet (common header and chunks). Bad input never throws: a packet with a wrong
    /// checksum, port or verification tag, or a malformed chunk, is dropped and counted (<see cref="GetDropCount"/>).
    /// The span is only read during the call.
    /// </summary>
    public void HandleReceive(ReadOnlySpan<byte> packet, Instant now)
    {
        _now = now;
        if (!SctpPacket.TryParse(packet, out SctpPacket p, out _))
        {
            Drop(SctpDropReason.Malformed);
            return;
        }

        if (!SctpPacket.VerifyChecksum(packet))
        {
            Drop(SctpDropReason.BadChecksum);
            return;
        }

        if (p.DestinationPort != _options.LocalPort || p.SourcePort != _options.RemotePort)
        {
            Drop(SctpDropReason.WrongPort);
            return;
        }

        // Validate the chunk structure once, so that a malformed tail cannot leave a packet half processed.
        var check = new SctpChunkReader(p.Chunks);
        int chunkCount = 0;
        while (check.TryReadNext(out _))
        {
            chunkCount++;
        }

        if (check.Error != SctpParseError.None || chunkCount == 0)
        {
            Drop(SctpDropReason.Malformed);
            return;
        }

        if (_state is SctpState.Closed or SctpState.Failed)
        {
            Drop(SctpDropReason.OutOfTheBlue);
            return;
        }

        var reader = new SctpChunkReader(p.Chunks);
        reader.TryReadNext(out SctpChunk first);
        if (first.Type == (byte)SctpChunkType.Init)
        {
            // RFC 9260 §8.5.1 (A): INIT is alone in its packet, with a zero tag.
            if (chunkCount != 1 || p.VerificationTag != 0)
            {
                Drop(SctpDropReason.BadVerificationTag);
                return;
            }

            PacketsReceived++;
            HandleInit(first, now);
            return;
        }

        bool cookieEcho = first.Type == (byte)SctpChunkType.CookieEcho;
        if (!cookieEcho && !IsVerificationTagAcceptable(p.VerificationTag, first))
        {
            return;
        }

        PacketsReceived++;
        bool sawData = false;
        bool immediate = false;
        reader = new SctpChunkReader(p.Chunks);
        while (reader.TryReadNext(out SctpChunk chunk))
        {
            if (_state is SctpState.Closed or SctpState.Failed)
            {
                return;
            }

            switch ((SctpChunkType)chunk.Type)
            {
                case SctpChunkType.Data:
                    if (HandleData(chunk))
                    {
                        sawData = true;
                        immediate |= (chunk.Flags & DataChunk.ImmediateFlag) != 0;
                    }

                    break;
                case SctpChunkType.Sack:
                    HandleSack(chunk, now);
                    break;
                case SctpChunkType.CookieEcho:
                    if (!HandleCookieEcho(chunk, p.VerificationTag, now))
                    {
                        return;
                    }

                    break;
                case SctpChunkType.InitAck:
                    HandleInitAck(chunk, now);
                    break;
                case SctpChunkType.CookieAck:
                    if (_protocolState == ProtocolState.CookieEchoed)
                    {
                        EnterEstablished();
                    }

                    break;
                case SctpChunkType.Heartbeat:
                    if (HeartbeatChunk.TryParse(chunk, out HeartbeatChunk hb, out _))
                    {
                        _heartbeatAcks.PushBack(hb.Info.ToArray());
                    }
                    else
                    {
                        Drop(SctpDropReason.Malformed);
                    }

                    break;
                case SctpChunkType.HeartbeatAck:
                    _errorCount = 0;
                    break;
                case SctpChunkType.Abort:
                    // The peer ended the association: usrsctp reports it as communication lost, mediasoup as closed.
                    EnterClosed(SctpState.Closed);
                    return;
                case SctpChunkType.Error:
                    // Informational here (Invalid Stream Identifier, Unrecognized Chunk Type ...): nothing to undo.
                    break;
                case SctpChunkType.Shutdown:
                    HandleShutdown(chunk, now);
                    break;
                case SctpChunkType.ShutdownAck:
                    HandleShutdownAck();
                    break;
                case SctpChunkType.ShutdownComplete:
                    if (_protocolState == ProtocolState.ShutdownAckSent)
                    {
                        EnterClosed(SctpState.Closed);
                        return;
                    }

                    break;
                case SctpChunkType.ForwardTsn:
                    HandleForwardTsn(chunk);
                    break;
                case SctpChunkType.ReConfig:
                    HandleReConfig(chunk, now);
                    break;
                default:
                    if (!HandleUnrecognizedChunk(chunk))
                    {
                        goto done;
                    }

                    break;
            }
        }

    done:
        if (sawData)
        {
            _packetsSinceSack++;
            if (immediate || _packetsSinceSack >= 2 || _highestTsn != _cumTsn || _duplicateCount > 0
                || _protocolState is ProtocolState.ShutdownSent or ProtocolState.ShutdownReceived)
            {
                _sackNow = true;
            }
            else if (_sackAt == Instant.MaxValue)
            {
                _sackAt = now + _options.DelayedSackTimeout;
            }

            TryPerformDeferredReset();
        }
    }

    /// <summary>RFC 9260 §8.5.1: ABORT and SHUTDOWN COMPLETE may carry the peer's tag with the T bit; anything else our tag.</summary>
    private bool IsVerificationTagAcceptable(uint tag, SctpChunk first)
    {
        if (_protocolState == ProtocolState.Closed)
        {
            // No association yet (server waiting for INIT): everything but INIT and COOKIE ECHO is out of the blue.
            Drop(SctpDropReason.OutOfTheBlue);
            return false;
        }

        bool reflected = (first.Flags & ErrorCausesChunk.TagReflectedFlag) != 0;
        if (first.Type is (byte)SctpChunkType.Abort or (byte)SctpChunkType.ShutdownComplete)
        {
            if (tag == _localTag || (reflected && tag == _peerTag && _peerTag != 0))
            {
                return true;
            }
        }
        else if (tag == _localTag)
        {
            return true;
        }

        Drop(SctpDropReason.BadVerificationTag);
        return false;
    }

    /// <summary>RFC 9260 §3.2: the upper two bits of an unknown type say whether to go on and whether to report.</summary>
    private bool HandleUnrecognizedChunk(SctpChunk chunk)
    {
        int action = chunk.Type >> 6;
        if ((action & 1) != 0)
        {
            // Report it in an ERROR: Unrecognized Chunk Type carries the chunk (capped to keep the ERROR small).
            int length = Math.Min(chunk.Length, 256);
            byte[] copy = new byte[length];
            copy[0] = chunk.Type;
            copy[1] = chunk.Flags;
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(2), (ushort)chunk.Length);
            chunk.Value.Slice(0, length - SctpChunk.HeaderSize).CopyTo(copy.AsSpan(SctpChunk.HeaderSize));
            _unrecognizedChunkErrors.PushBack(copy);
        }

        Drop(SctpDropReason.UnrecognizedChunk);
        return (action & 2) != 0;
    }

    private void HandleInit(SctpChunk chunk, Instant now)
    {
        if (!InitChunk.TryParse(chunk, out InitChunk init, out _))
        {
            Drop(SctpDropReason.Malformed);
            return;
        }

        uint localTag;
        uint localTsn;
        switch (_protocolState)
        {
            case ProtocolState.Closed:
                // Stateless answer (RFC 9260 §5.1.3): the new tag and TSN travel in the cookie.
                localTag = NextNonZeroUInt32();
                localTsn = NextUInt32();
                SetState(SctpState.Connecting);
                break;
            case ProtocolState.CookieWait:
            case ProtocolState.CookieEchoed:
            case ProtocolState.Established:
                // INIT collision (§5.2.1) or an unexpected INIT (§5.2.2): answer with the tag we already use, so the
                // COOKIE ECHO that follows matches this association (cases B and D of §5.2.4).
                localTag = _localTag;
                localTsn = _localInitialTsn;
                break;
            default:
                Drop(SctpDropReason.UnexpectedChunk);
                return;
        }

        var cookie = new SctpStateCookie(
            now.Milliseconds, localTag, init.InitiateTag, localTsn, init.InitialTsn, init.AdvertisedReceiverWindowCredit,
            init.OutboundStreams, init.InboundStreams, init.SupportsForwardTsn, init.SupportsReConfig);
        Span<byte> cookieBytes = stackalloc byte[SctpStateCookie.Size];
        cookie.Write(cookieBytes, _cookieKey);
        _rawPackets.PushBack(BuildInitPacket(isAck: true, init.InitiateTag, localTag, localTsn, cookieBytes));
    }

    private void HandleInitAck(SctpChunk chunk, Instant now)
    {
        if (_protocolState != ProtocolState.CookieWait)
        {
            return; // RFC 9260 §5.2.3: discard an INIT ACK in any other state.
        }

        if (!InitChunk.TryParse(chunk, out InitChunk ack, out _) || !ack.TryGetStateCookie(out ReadOnlySpan<byte> cookie))
        {
            Drop(SctpDropReason.Malformed);
            return;
        }

        AdoptPeer(ack.InitiateTag, ack.InitialTsn, ack.AdvertisedReceiverWindowCredit, ack.OutboundStreams,
            ack.InboundStreams, ack.SupportsForwardTsn, ack.SupportsReConfig);
        var echo = new CookieEchoChunk(cookie);
        byte[] packet = new byte[CommonHeaderSize + echo.SerializedLength];
        SctpPacket.WriteHeader(packet, _options.LocalPort, _options.RemotePort, _peerTag);
        echo.TryWrite(packet.AsSpan(CommonHeaderSize), out _);
        SctpPacket.WriteChecksum(packet);
        _cookieEchoPacket = packet;
        _rawPackets.PushBack(packet);
        _protocolState = ProtocolState.CookieEchoed;
        _t1Count = 0;
        _t1At = now.AddMicroseconds(_rtoUs);
    }

    /// <summary>RFC 9260 §5.1 step D and §5.2.4. False when the packet must be dropped.</summary>
    private bool HandleCookieEcho(SctpChunk chunk, uint verificationTag, Instant now)
    {
        CookieEchoChunk.TryParse(chunk, out CookieEchoChunk echo, out _);
        if (!SctpStateCookie.TryRead(echo.Cookie, _cookieKey, out SctpStateCookie cookie))
        {
            Drop(SctpDropReason.InvalidCookie);
            return false;
        }

        if (verificationTag != cookie.LocalTag)
        {
            Drop(SctpDropReason.BadVerificationTag);
            return false;
        }

        bool current = cookie.LocalTag == _localTag && cookie.PeerTag == _peerTag && _protocolState >= ProtocolState.Established;
        if (!current && now.Milliseconds - cookie.CreatedAtMs > (long)_options.ValidCookieLife.TotalMilliseconds)
        {
            // Only a cookie that would create an association can be stale; the cookie of the association in
            // place (case D, our COOKIE ACK was lost) is answered however old it is.
            Drop(SctpDropReason.StaleCookie);
            return false;
        }

        switch (_protocolState)
        {
            case ProtocolState.Closed:
                _localTag = cookie.LocalTag;
                _localInitialTsn = cookie.LocalInitialTsn;
                InitializeSendSide();
                AdoptPeer(cookie);
                _sendCookieAck = true;
                EnterEstablished();
                return true;
            case ProtocolState.CookieWait:
            case ProtocolState.CookieEchoed:
                if (cookie.LocalTag != _localTag)
                {
                    Drop(SctpDropReason.InvalidCookie);
                    return false;
                }

                // Case B (collision): take the peer's parameters from the cookie.
                AdoptPeer(cookie);
                _sendCookieAck = true;
                EnterEstablished();
                return true;
            default:
                if (cookie.LocalTag == _localTag && cookie.PeerTag == _peerTag)
                {
                    // Case D: our COOKIE ACK was lost; send it again.
                    _sendCookieAck = true;
                    return true;
                }

                // Case A (peer restart) and C are not supported: drop.
                Drop(SctpDropReason.InvalidCookie);
                return false;
        }
    }

    private void AdoptPeer(in SctpStateCookie c) =>
        AdoptPeer(c.PeerTag, c.PeerInitialTsn, c.PeerReceiverWindow, c.PeerOutboundStreams, c.PeerInboundStreams,
            c.PeerSupportsForwardTsn, c.PeerSupportsReConfig);

    private void AdoptPeer(uint peerTag, uint peerInitialTsn, uint peerRwnd, ushort peerOutbound, ushort peerInbound,
        bool forwardTsn, bool reConfig)
    {
        _peerTag = peerTag;
        _outStreams = Math.Min(_options.OutboundStreams, peerInbound);
        _inStreams = Math.Min(_options.MaxInboundStreams, peerOutbound);
        if (_inbound.Length != _inStreams)
        {
            _inbound = new InboundStream?[_inStreams];
        }

        _cumTsn = peerInitialTsn - 1;
        _highestTsn = _cumTsn;
        Array.Clear(_receivedBits);
        _peerRwnd = peerRwnd;
        _ssthresh = peerRwnd;
        _peerSupportsForwardTsn = forwardTsn;
        _peerSupportsReConfig = reConfig;
        _peerNextRequestSeq = peerInitialTsn;
    }

    private void InitializeSendSide()
    {
        _nextTsn = _localInitialTsn;
        _cumAckPoint = _localInitialTsn - 1;
        _advancedPeerAckPoint = _cumAckPoint;
        _nextRequestSeq = _localInitialTsn;
        _cwnd = InitialCwnd;
        _partialBytesAcked = 0;
    }

    private void EnterEstablished()
    {
        _protocolState = ProtocolState.Established;
        _t1At = Instant.MaxValue;
        _t1Count = 0;
        _errorCount = 0;
        _initPacket = null;
        _cookieEchoPacket = null;
        SetState(SctpState.Connected);
        if (_resetQueue.Count > 0)
        {
            _reconfigSendNow = true;
        }
    }

    /// <summary>RFC 9260 §6.2: takes one DATA chunk. Returns true when it counts as received DATA (for the SACK rules).</summary>
    private bool HandleData(SctpChunk chunk)
    {
        if (_protocolState is not (ProtocolState.Established or ProtocolState.ShutdownPending or ProtocolState.ShutdownSent))
        {
            Drop(SctpDropReason.UnexpectedChunk);
            return false;
        }

        if (!DataChunk.TryParse(chunk, out DataChunk data, out _))
        {
            Drop(SctpDropReason.Malformed);
            return false;
        }

        uint tsn = data.Tsn;
        if (!SeqNum32.IsNewer(tsn, _cumTsn) || IsReceived(tsn))
        {
            if (_duplicateCount < MaxDuplicatesReported)
            {
                _duplicates[_duplicateCount++] = tsn;
            }

            return true;
        }

        long distance = SeqNum32.Distance(_cumTsn, tsn);
        bool next = distance == 1;
        if (distance >= TsnWindow
            || (!next && _heldBytes + data.UserData.Length > _options.ReceiveBufferSize)
            || _heldBytes > (long)_options.ReceiveBufferSize + _options.MaxMessageSize)
        {
            // Not acknowledged: the sender keeps it and sends it again once the window opens.
            Drop(SctpDropReason.ReceiveWindowFull);
            return true;
        }

        MarkReceived(tsn);
        if (data.StreamId >= _inStreams)
        {
            Drop(SctpDropReason.InvalidStream);
            _invalidStreamErrors.PushBack(data.StreamId);
            return true;
        }

        if (data.IsUnordered)
        {
            InsertByTsn(_unordered, CopyInbound(data));
            DeliverUnordered();
        }
        else
        {
            InboundStream stream = _inbound[data.StreamId] ??= new InboundStream();
            if (SeqNum16.IsNewer(stream.NextSsn, data.StreamSequenceNumber) && !HasDeferredResetFor(data.StreamId, tsn))
            {
                return true; // a message already delivered or skipped by FORWARD TSN
            }

            InsertByTsn(stream.Chunks, CopyInbound(data));
            DeliverOrdered(data.StreamId, stream);
        }

        return true;
    }

    private bool IsReceived(uint tsn)
    {
        long d = SeqNum32.Distance(_cumTsn, tsn);
        if (d <= 0)
        {
            return true;
        }

        if (d >= TsnWindow)
        {
            return false;
        }

        int bit = (int)(tsn % TsnWindow);
        return (_receivedBits[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    private void MarkReceived(uint tsn)
    {
        int bit = (int)(tsn % TsnWindow);
        _receivedBits[bit >> 6] |= 1UL << (bit & 63);
        if (SeqNum32.IsNewer(tsn, _highestTsn))
        {
            _highestTsn = tsn;
        }

        AdvanceCumulativeTsn();
    }

    private void AdvanceCumulativeTsn()
    {
        while (true)
        {
            uint next = _cumTsn + 1;
            int bit = (int)(next % TsnWindow);
            ulong mask = 1UL << (bit & 63);
            if ((_receivedBits[bit >> 6] & mask) == 0)
            {
                break;
            }

            _receivedBits[bit >> 6] &= ~mask;
            _cumTsn = next;
        }

        if (SeqNum32.IsNewer(_cumTsn, _highestTsn))
        {
            _highestTsn = _cumTsn;
        }
    }

    private InboundChunk CopyInbound(in DataChunk data)
    {
        InboundChunk c = _inboundPool.Count > 0 ? _inboundPool.Pop() : new InboundChunk();
        c.Data = _buffers.Rent(data.UserData.Length);
        data.UserData.CopyTo(c.Data);
        c.Length = data.UserData.Length;
        c.Tsn = data.Tsn;
        c.StreamId = data.StreamId;
        c.Ssn = data.StreamSequenceNumber;
        c.Ppid = data.PayloadProtocolIdentifier;
        c.Flags = data.Flags;
        _heldBytes += c.Length;
        return c;
    }

    private void ReturnInbound(InboundChunk c)
    {
        _heldBytes -= c.Length;
        _buffers.Return(c.Data);
        c.Data = [];
        _inboundPool.Push(c);
    }

    private static void InsertByTsn(RingBuffer<InboundChunk> list, InboundChunk c)
    {
        int i = list.Count;
        while (i > 0 && SeqNum32.IsNewer(list[i - 1].Tsn, c.Tsn))
        {
            i--;
        }

        if (i == list.Count)
        {
            list.PushBack(c);
        }
        else
        {
            list.Insert(i, c);
        }
    }

    /// <summary>Delivers every complete ordered message whose SSN is next, in SSN order (RFC 9260 §6.5, §6.9).</summary>
    private void DeliverOrdered(ushort streamId, InboundStream stream)
    {
        while (true)
        {
            RingBuffer<InboundChunk> list = stream.Chunks;
            int start = -1;
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i].Ssn == stream.NextSsn)
                {
                    start = i;
                    break;
                }
            }

            if (start < 0 || !list[start].IsBeginning || HasDeferredResetFor(streamId, list[start].Tsn))
            {
                return;
            }

            int end = FindMessageEnd(list, start, matchSsn: true);
            if (end < 0)
            {
                return;
            }

            DeliverRange(list, start, end);
            stream.NextSsn++;
        }
    }

    private void DeliverUnordered()
    {
        int i = 0;
        while (i < _unordered.Count)
        {
            if (_unordered[i].IsBeginning)
            {
                int end = FindMessageEnd(_unordered, i, matchSsn: false);
                if (end >= 0)
                {
                    DeliverRange(_unordered, i, end);
                    continue;
                }
            }

            i++;
        }
    }

    /// <summary>The index of the E fragment of the message starting at <paramref name="start"/>, or -1 while fragments are missing.</summary>
    private static int FindMessageEnd(RingBuffer<InboundChunk> list, int start, bool matchSsn)
    {
        InboundChunk first = list[start];
        for (int j = start; j < list.Count; j++)
        {
            InboundChunk c = list[j];
            if (c.Tsn != first.Tsn + (uint)(j - start) || (matchSsn && c.Ssn != first.Ssn) || c.StreamId != first.StreamId
                || (j > start && c.IsBeginning))
            {
                return -1;
            }

            if (c.IsEnding)
            {
                return j;
            }
        }

        return -1;
    }

    private void DeliverRange(RingBuffer<InboundChunk> list, int start, int end)
    {
        long total = 0;
        for (int j = start; j <= end; j++)
        {
            total += list[j].Length;
        }

        InboundChunk first = list[start];
        ushort streamId = first.StreamId;
        uint ppid = first.Ppid;
        byte[]? message = null;
        if (total > _options.MaxMessageSize)
        {
            OversizedMessagesDropped++;
            _events.PushBack(new SctpEvent(SctpEventKind.MessageTooLarge, streamId: streamId, ppid: ppid, amount: total));
        }
        else
        {
            message = _buffers.Rent((int)total);
        }

        int offset = 0;
        for (int j = start; j <= end; j++)
        {
            InboundChunk c = list[start];
            if (message is not null)
            {
                c.Data.AsSpan(0, c.Length).CopyTo(message.AsSpan(offset));
                offset += c.Length;
            }

            list.RemoveAt(start);
            ReturnInbound(c);
        }

        if (message is not null)
        {
            MessagesReceived++;
            BytesReceived += total;
            _events.PushBack(new SctpEvent(SctpEventKind.MessageReceived, streamId: streamId, ppid: ppid,
                message: new ArraySegment<byte>(message, 0, (int)total)));
        }
    }

    /// <summary>RFC 3758 §3.6: move the cumulative TSN forward, drop what was abandoned, skip the listed SSNs.</summary>
    private void HandleForwardTsn(SctpChunk chunk)
    {
        if (_protocolState is not (ProtocolState.Established or ProtocolState.ShutdownPending or ProtocolState.ShutdownSent))
        {
            Drop(SctpDropReason.UnexpectedChunk);
            return;
        }

        if (!ForwardTsnChunk.TryParse(chunk, out ForwardTsnChunk fwd, out _))
        {
            Drop(SctpDropReason.Malformed);
            return;
        }

        _sackNow = true;
        uint newCum = fwd.NewCumulativeTsn;
        if (!SeqNum32.IsNewer(newCum, _cumTsn))
        {
            return;
        }

        long jump = SeqNum32.Distance(_cumTsn, newCum);
        if (jump >= TsnWindow)
        {
            Array.Clear(_receivedBits);
        }
        else
        {
            for (uint t = _cumTsn + 1; t != newCum + 1; t++)
            {
                int bit = (int)(t % TsnWindow);
                _receivedBits[bit >> 6] &= ~(1UL << (bit & 63));
            }
        }

        _cumTsn = newCum;
        AdvanceCumulativeTsn();

        // Unordered fragments at or below the new cumulative TSN belong to abandoned messages.
        for (int i = _unordered.Count - 1; i >= 0; i--)
        {
            if (!SeqNum32.IsNewer(_unordered[i].Tsn, newCum))
            {
                InboundChunk c = _unordered[i];
                _unordered.RemoveAt(i);
                ReturnInbound(c);
            }
        }

        for (int i = 0; i < fwd.StreamCount; i++)
        {
            ForwardTsnStream s = fwd.GetStream(i);
            if (s.StreamId >= _inStreams)
            {
                continue;
            }

            InboundStream stream = _inbound[s.StreamId] ??= new InboundStream();
            if (SeqNum16.IsNewerOrEqual(s.StreamSequenceNumber, stream.NextSsn))
            {
                stream.NextSsn = (ushort)(s.StreamSequenceNumber + 1);
            }

            RingBuffer<InboundChunk> list = stream.Chunks;
            for (int j = list.Count - 1; j >= 0; j--)
            {
                if (SeqNum16.IsNewer(stream.NextSsn, list[j].Ssn))
                {
                    InboundChunk c = list[j];
                    list.RemoveAt(j);
                    ReturnInbound(c);
                }
            }

            DeliverOrdered(s.StreamId, stream);
        }

        TryPerformDeferredReset();
    }

    private void HandleShutdown(SctpChunk chunk, Instant now)
    {
        if (!ShutdownChunk.TryParse(chunk, out ShutdownChunk shutdown, out _))
        {
            Drop(SctpDropReason.Malformed);
            return;
        }

        switch (_protocolState)
        {
            case ProtocolState.Established:
            case ProtocolState.ShutdownPending:
                ProcessCumulativeAck(shutdown.CumulativeTsnAck, now);
                _protocolState = ProtocolState.ShutdownReceived;
                TryProgressShutdown(now);
                break;
            case ProtocolState.ShutdownReceived:
                ProcessCumulativeAck(shutdown.CumulativeTsnAck, now);
                TryProgressShutdown(now);
                break;
            case ProtocolState.ShutdownSent:
                // Both sides closed at once (RFC 9260 §9.2): answer with SHUTDOWN ACK.
                _protocolState = ProtocolState.ShutdownAckSent;
                _sendShutdownAck = true;
                _t2Count = 0;
                _t2At = now.AddMicroseconds(_rtoUs);
                break;
        }
    }

    private void HandleShutdownAck()
    {
        if (_protocolState is ProtocolState.ShutdownSent or ProtocolState.ShutdownAckSent)
        {
            QueueShutdownComplete();
            EnterClosed(SctpState.Closed);
        }
    }

    /// <summary>
    /// Moves the shutdown along once nothing is queued or outstanding: SHUTDOWN from ShutdownPending, SHUTDOWN ACK
    /// from ShutdownReceived (RFC 9260 §9.2).
    /// </summary>
    private void TryProgressShutdown(Instant now)
    {
        if (_sent.Count > 0 || _pending.Count > 0 || _current is not null)
        {
            return;
        }

        if (_protocolState == ProtocolState.ShutdownPending)
        {
            _protocolState = ProtocolState.ShutdownSent;
            _sendShutdown = true;
            _t3At = Instant.MaxValue;
            _t2Count = 0;
            _t2At = now.AddMicroseconds(_rtoUs);
        }
        else if (_protocolState == ProtocolState.ShutdownReceived)
        {
            _protocolState = ProtocolState.ShutdownAckSent;
            _sendShutdownAck = true;
            _t3At = Instant.MaxValue;
            _t2Count = 0;
            _t2At = now.AddMicroseconds(_rtoUs);
        }
    }
}
