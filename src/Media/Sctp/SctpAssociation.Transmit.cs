using System.Buffers.Binary;
using Sfu.Media.Sctp.Chunks;
using Sfu.Media.Time;

namespace Sfu.Media.Sctp;

public sealed partial class SctpAssociation
{
    private readonly ForwardTsnStream[] _forwardStreams = new ForwardTsnStream[64];
    private Instant _now;

    /// <summary>
    /// Writes the next packet to send into <paramref name="destination"/> (at least <see cref="SctpAssociationOptions.Mtu"/>
    /// bytes) and returns true, or returns false when there is nothing to send now. Call it until it returns false
    /// after every <see cref="HandleReceive"/>, <see cref="HandleTimeout"/>, <see cref="Send"/> and state change.
    /// Control chunks come first, then a SACK, FORWARD TSN and RE-CONFIG, then retransmissions and new DATA as the
    /// congestion window and the peer's receive window allow.
    /// </summary>
    public bool TryPollTransmit(Span<byte> destination, out int length)
    {
        if (destination.Length < _mtu)
        {
            throw new ArgumentException($"The destination must hold at least the MTU ({_mtu} bytes)", nameof(destination));
        }

        length = 0;
        if (_rawPackets.Count > 0)
        {
            byte[] raw = _rawPackets.PopFront();
            raw.CopyTo(destination);
            length = raw.Length;
            PacketsSent++;
            return true;
        }

        if (_protocolState < ProtocolState.Established)
        {
            return false;
        }

        Span<byte> packet = destination.Slice(0, _mtu);
        int offset = CommonHeaderSize;
        Instant now = _now;

        if (_sendCookieAck)
        {
            EmptyChunk.TryWrite(packet.Slice(offset), SctpChunkType.CookieAck, 0, out int n);
            offset += n;
            _sendCookieAck = false;
        }

        if (_sendShutdownAck)
        {
            EmptyChunk.TryWrite(packet.Slice(offset), SctpChunkType.ShutdownAck, 0, out int n);
            offset += n;
            _sendShutdownAck = false;
        }

        Span<byte> info = stackalloc byte[4];
        while (_invalidStreamErrors.Count > 0 && offset + ErrorCausesChunk.GetSerializedLength(4) <= _mtu)
        {
            BinaryPrimitives.WriteUInt16BigEndian(info, _invalidStreamErrors.PopFront());
            BinaryPrimitives.WriteUInt16BigEndian(info.Slice(2), 0);
            ErrorCausesChunk.TryWrite(packet.Slice(offset), isAbort: false, tagReflected: false,
                SctpErrorCauseCode.InvalidStreamIdentifier, info, out int n);
            offset += n;
        }

        while (_unrecognizedChunkErrors.Count > 0
            && offset + ErrorCausesChunk.GetSerializedLength(_unrecognizedChunkErrors.PeekFront().Length) <= _mtu)
        {
            byte[] unrecognized = _unrecognizedChunkErrors.PopFront();
            ErrorCausesChunk.TryWrite(packet.Slice(offset), isAbort: false, tagReflected: false,
                SctpErrorCauseCode.UnrecognizedChunkType, unrecognized, out int n);
            offset += n;
        }

        while (_heartbeatAcks.Count > 0 && offset + new HeartbeatChunk(true, _heartbeatAcks.PeekFront()).SerializedLength <= _mtu)
        {
            new HeartbeatChunk(true, _heartbeatAcks.PopFront()).TryWrite(packet.Slice(offset), out int n);
            offset += n;
        }

        if ((_sackNow || (_sackAt != Instant.MaxValue && HasDataToSend())) && offset + SackMaxSize <= _mtu)
        {
            offset += WriteSack(packet.Slice(offset));
        }

        if (_forwardTsnPending && offset + ForwardTsnChunk.GetSerializedLength(_forwardStreams.Length) <= _mtu)
        {
            offset += WriteForwardTsn(packet.Slice(offset));
        }

        offset += WriteReConfig(packet.Slice(offset, _mtu - offset), now);

        if (_sendShutdown && offset + ShutdownChunk.Size <= _mtu)
        {
            new ShutdownChunk(_cumTsn).TryWrite(packet.Slice(offset), out int n);
            offset += n;
            _sendShutdown = false;
        }

        if (_protocolState is ProtocolState.Established or ProtocolState.ShutdownPending or ProtocolState.ShutdownReceived)
        {
            offset += WriteData(packet, offset, now);
        }

        if (offset == CommonHeaderSize)
        {
            return false;
        }

        SctpPacket.WriteHeader(packet, _options.LocalPort, _options.RemotePort, _peerTag);
        SctpPacket.WriteChecksum(packet.Slice(0, offset));
        length = offset;
        PacketsSent++;
        return true;
    }

    private const int SackMaxSize = SackChunk.HeaderSize + (4 * MaxGapBlocksReported) + (4 * MaxDuplicatesReported);

    private bool HasDataToSend() =>
        _fastRetransmitPending || HasRetransmissions() || ((_current is not null || _pending.Count > 0) && _flightSize < _cwnd);

    private bool HasRetransmissions()
    {
        for (int i = 0; i < _sent.Count; i++)
        {
            if (_sent[i].NeedsRetransmit)
            {
                return true;
            }
        }

        return false;
    }

    private int WriteSack(Span<byte> destination)
    {
        Span<GapAckBlock> gaps = stackalloc GapAckBlock[MaxGapBlocksReported];
        int gapCount = 0;
        if (_highestTsn != _cumTsn)
        {
            long span = Math.Min(SeqNum32.Distance(_cumTsn, _highestTsn), TsnWindow - 1);
            int runStart = 0;
            for (int offset = 1; offset <= span + 1 && gapCount < MaxGapBlocksReported; offset++)
            {
                bool received = offset <= span && IsReceived(_cumTsn + (uint)offset);
                if (received && runStart == 0)
                {
                    runStart = offset;
                }
                else if (!received && runStart != 0)
                {
                    gaps[gapCount++] = new GapAckBlock((ushort)runStart, (ushort)(offset - 1));
                    runStart = 0;
                }
            }
        }

        long window = Math.Max(0, _options.ReceiveBufferSize - _heldBytes);
        SackChunk.TryWrite(destination, _cumTsn, (uint)window, gaps.Slice(0, gapCount), _duplicates.AsSpan(0, _duplicateCount), out int written);
        _duplicateCount = 0;
        _sackNow = false;
        _sackAt = Instant.MaxValue;
        _packetsSinceSack = 0;
        return written;
    }

    private int WriteForwardTsn(Span<byte> destination)
    {
        int count = 0;
        for (int i = 0; i < _sent.Count; i++)
        {
            OutboundChunk c = _sent[i];
            if (SeqNum32.IsNewer(c.Tsn, _advancedPeerAckPoint))
            {
                break;
            }

            if (c.Message.Unordered)
            {
                continue;
            }

            int k = 0;
            while (k < count && _forwardStreams[k].StreamId != c.Message.StreamId)
            {
                k++;
            }

            if (k < count)
            {
                if (SeqNum16.IsNewer(c.Message.Ssn, _forwardStreams[k].StreamSequenceNumber))
                {
                    _forwardStreams[k] = new ForwardTsnStream(c.Message.StreamId, c.Message.Ssn);
                }
            }
            else if (count < _forwardStreams.Length)
            {
                _forwardStreams[count++] = new ForwardTsnStream(c.Message.StreamId, c.Message.Ssn);
            }
        }

        ForwardTsnChunk.TryWrite(destination, _advancedPeerAckPoint, _forwardStreams.AsSpan(0, count), out int written);
        _forwardTsnPending = false;
        return written;
    }

    /// <summary>Retransmissions first (RFC 9260 §6.3.3, §7.2.4), then new DATA within cwnd and the peer's rwnd.</summary>
    private int WriteData(Span<byte> packet, int start, Instant now)
    {
        int offset = start;
        bool wroteData = false;
        bool fast = _fastRetransmitPending;
        bool full = false;
        _fastRetransmitPending = false;
        for (int i = 0; i < _sent.Count; i++)
        {
            OutboundChunk c = _sent[i];
            if (!c.NeedsRetransmit)
            {
                continue;
            }

            if (c.Abandoned || c.Acked)
            {
                c.NeedsRetransmit = false;
                continue;
            }

            if (ShouldAbandon(c, now))
            {
                AbandonMessage(c.Message);
                continue;
            }

            int size = SctpWire.Align4(DataChunk.HeaderSize + c.Length);
            if (full || offset + size > _mtu || (!(fast && c.FastRetransmitted) && _flightSize >= _cwnd))
            {
                full = true; // keep walking: later chunks may still be due for abandonment
                continue;
            }

            WriteDataChunk(packet.Slice(offset), c);
            offset += size;
            c.NeedsRetransmit = false;
            c.TransmitCount++;
            c.InFlight = true;
            _flightSize += c.Length;
            Retransmissions++;
            wroteData = true;
            if (_rttMeasuring && c.Tsn == _rttTsn)
            {
                _rttMeasuring = false; // Karn's rule (RFC 9260 §6.3.1 C5)
            }
        }

        UpdateAdvancedPeerAckPoint();

        if (!HasRetransmissions())
        {
            while (_flightSize < _cwnd)
            {
                int length = PeekNextFragment(now);
                if (length == 0)
                {
                    break;
                }

                int size = SctpWire.Align4(DataChunk.HeaderSize + length);
                if (offset + size > _mtu || (_flightSize > 0 && length > _peerRwnd - _flightSize))
                {
                    break;
                }

                OutboundChunk c = TakeNextFragment(length);
                WriteDataChunk(packet.Slice(offset), c);
                offset += size;
                c.TransmitCount = 1;
                c.InFlight = true;
                _flightSize += c.Length;
                wroteData = true;
                if (!_rttMeasuring)
                {
                    _rttMeasuring = true;
                    _rttTsn = c.Tsn;
                    _rttSentAt = now;
                }
            }
        }

        if (wroteData && _t3At == Instant.MaxValue)
        {
            _t3At = now.AddMicroseconds(_rtoUs);
        }

        return offset - start;
    }

    private static void WriteDataChunk(Span<byte> destination, OutboundChunk c)
    {
        OutboundMessage m = c.Message;
        new DataChunk(c.Flags, c.Tsn, m.StreamId, m.Ssn, m.Ppid, m.Data.AsSpan(c.Offset, c.Length)).TryWrite(destination, out _);
    }

    /// <summary>Size of the next fragment to send (0 when nothing is ready), choosing the next message if needed.</summary>
    private int PeekNextFragment(Instant now)
    {
        while (_current is null)
        {
            int index = -1;
            for (int i = 0; i < _pending.Count; i++)
            {
                if (!_outPaused[_pending[i].StreamId] || _pending[i].PrecedesReset)
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                return 0;
            }

            OutboundMessage m = _pending[index];
            if (index == 0)
            {
                _pending.PopFront();
            }
            else
            {
                _pending.RemoveAt(index);
            }

            if (m.StreamId >= _outStreams || m.ExpiresAtUs <= now.Microseconds)
            {
                // Never sent: no TSN or SSN was used, so it can go without telling the peer.
                AbandonedMessages++;
                ReduceBuffered(m, m.BufferedBytes);
                ReturnMessage(m);
                continue;
            }

            if (!m.Unordered)
            {
                m.Ssn = _outSsn[m.StreamId]++;
            }

            _current = m;
        }

        return Math.Min(_maxFragment, _current.Length - _current.ChunkedBytes);
    }

    private OutboundChunk TakeNextFragment(int length)
    {
        OutboundMessage m = _current!;
        OutboundChunk c = _chunkPool.Count > 0 ? _chunkPool.Pop() : new OutboundChunk();
        c.Message = m;
        c.Offset = m.ChunkedBytes;
        c.Length = length;
        c.Flags = (byte)((m.ChunkedBytes == 0 ? DataChunk.BeginningFlag : 0)
            | (m.ChunkedBytes + length == m.Length ? DataChunk.EndingFlag : 0)
            | (m.Unordered ? DataChunk.UnorderedFlag : 0));
        c.Tsn = _nextTsn++;
        c.Acked = c.Abandoned = c.InFlight = c.NeedsRetransmit = c.FastRetransmitted = false;
        c.MissIndications = 0;
        c.TransmitCount = 0;
        m.ChunkedBytes += length;
        m.ChunksAlive++;
        if (m.ChunkedBytes == m.Length)
        {
            _current = null;
        }

        _sent.PushBack(c);
        return c;
    }

    private bool ShouldAbandon(OutboundChunk c, Instant now)
    {
        OutboundMessage m = c.Message;
        if (!_peerSupportsForwardTsn || !m.IsPartiallyReliable)
        {
            return false;
        }

        return m.ExpiresAtUs <= now.Microseconds || (m.MaxRetransmits >= 0 && c.TransmitCount > m.MaxRetransmits);
    }

    /// <summary>RFC 3758 §3.5 A1–A3: every chunk of the message is abandoned; its unsent rest is dropped.</summary>
    private void AbandonMessage(OutboundMessage m)
    {
        if (m.Abandoned)
        {
            return;
        }

        m.Abandoned = true;
        AbandonedMessages++;
        for (int i = 0; i < _sent.Count; i++)
        {
            OutboundChunk c = _sent[i];
            if (c.Message != m || c.Acked)
            {
                continue;
            }

            c.Abandoned = true;
            c.NeedsRetransmit = false;
            if (c.InFlight)
            {
                c.InFlight = false;
                _flightSize -= c.Length;
            }
        }

        if (_current == m)
        {
            // The rest was never given TSNs: the message ends here (the peer drops the partial message on FORWARD TSN).
            _current = null;
            m.ChunkedBytes = m.Length;
        }

        ReduceBuffered(m, m.BufferedBytes);
    }

    /// <summary>
    /// RFC 3758 §3.5 C1–C3: moves the Advanced.Peer.Ack.Point over abandoned chunks. A FORWARD TSN goes out when it
    /// moves, when <paramref name="resend"/> asks (after a SACK or a T3 timeout) and it is still ahead of the peer.
    /// </summary>
    private void UpdateAdvancedPeerAckPoint(bool resend = false)
    {
        if (!_peerSupportsForwardTsn)
        {
            return;
        }

        if (SeqNum32.IsNewer(_cumAckPoint, _advancedPeerAckPoint))
        {
            _advancedPeerAckPoint = _cumAckPoint;
        }

        // Walk over abandoned chunks, and over chunks the peer already holds (gap-acknowledged) as long as the
        // point then ends after a whole message: never in the middle of a reliable message.
        uint point = _advancedPeerAckPoint;
        uint safe = point;
        for (int i = 0; i < _sent.Count; i++)
        {
            OutboundChunk c = _sent[i];
            if (!SeqNum32.IsNewer(c.Tsn, point))
            {
                continue;
            }

            if (c.Tsn != point + 1 || !(c.Abandoned || c.Acked))
            {
                break;
            }

            point = c.Tsn;
            if (c.Abandoned || (c.Flags & DataChunk.EndingFlag) != 0)
            {
                safe = point;
            }
        }

        if (safe != _advancedPeerAckPoint)
        {
            _advancedPeerAckPoint = safe;
            resend = true;
        }

        if (resend && SeqNum32.IsNewer(_advancedPeerAckPoint, _cumAckPoint))
        {
            _forwardTsnPending = true;
        }
    }

    private void HandleSack(SctpChunk chunk, Instant now)
    {
        if (_protocolState < ProtocolState.Established)
        {
            Drop(SctpDropReason.UnexpectedChunk);
            return;
        }

        if (!SackChunk.TryParse(chunk, out SackChunk sack, out _))
        {
            Drop(SctpDropReason.Malformed);
            return;
        }

        uint cum = sack.CumulativeTsnAck;
        if (SeqNum32.IsNewer(_cumAckPoint, cum) || SeqNum32.IsNewer(cum, _nextTsn - 1))
        {
            return; // an old SACK arriving late, or one that acknowledges TSNs never sent
        }

        long flightBefore = _flightSize;
        bool advanced = cum != _cumAckPoint;
        long acked = AckUpTo(cum, now);

        uint highestAcked = cum;
        for (int b = 0; b < sack.GapAckBlockCount; b++)
        {
            GapAckBlock block = sack.GetGapAckBlock(b);
            if (block.Start == 0 || block.End < block.Start || _sent.Count == 0)
            {
                continue;
            }

            uint first = _sent[0].Tsn;
            for (uint tsn = cum + block.Start; tsn != cum + block.End + 1u; tsn++)
            {
                long index = SeqNum32.Distance(first, tsn);
                if (index < 0 || index >= _sent.Count)
                {
                    continue;
                }

                OutboundChunk c = _sent[(int)index];
                if (!c.Acked)
                {
                    c.Acked = true;
                    c.NeedsRetransmit = false;
                    if (c.InFlight && !c.Abandoned)
                    {
                        acked += c.Length;
                    }

                    if (c.InFlight)
                    {
                        c.InFlight = false;
                        _flightSize -= c.Length;
                    }
                }
            }

            if (SeqNum32.IsNewer(cum + block.End, highestAcked))
            {
                highestAcked = cum + block.End;
            }
        }

        // RFC 9260 §7.2.4: three miss indications trigger a fast retransmit.
        if (sack.GapAckBlockCount > 0)
        {
            bool triggered = false;
            for (int i = 0; i < _sent.Count; i++)
            {
                OutboundChunk c = _sent[i];
                if (!SeqNum32.IsNewer(highestAcked, c.Tsn))
                {
                    break;
                }

                if (c.Acked || c.Abandoned || c.NeedsRetransmit)
                {
                    continue;
                }

                if (++c.MissIndications >= 3 && !c.FastRetransmitted)
                {
                    c.FastRetransmitted = true;
                    c.NeedsRetransmit = true;
                    c.MissIndications = 0;
                    if (c.InFlight)
                    {
                        c.InFlight = false;
                        _flightSize -= c.Length;
                    }

                    triggered = true;
                }
            }

            if (triggered)
            {
                _fastRetransmitPending = true;
                if (!_inFastRecovery)
                {
                    _inFastRecovery = true;
                    _fastRecoveryExit = _nextTsn - 1;
                    _ssthresh = Math.Max(_cwnd / 2, 4L * _mtu);
                    _cwnd = _ssthresh;
                    _partialBytesAcked = 0;
                }
            }
        }

        _peerRwnd = sack.AdvertisedReceiverWindowCredit;
        if (advanced)
        {
            _errorCount = 0;
            if (_inFastRecovery && !SeqNum32.IsNewer(_fastRecoveryExit, cum))
            {
                _inFastRecovery = false;
            }

            if (!_inFastRecovery)
            {
                GrowCongestionWindow(acked, flightBefore);
            }
        }

        FinishAck(advanced, now);
    }

    /// <summary>SHUTDOWN carries a cumulative ack only (RFC 9260 §6.2, §9.2).</summary>
    private void ProcessCumulativeAck(uint cum, Instant now)
    {
        if (SeqNum32.IsNewer(_cumAckPoint, cum) || SeqNum32.IsNewer(cum, _nextTsn - 1))
        {
            return;
        }

        bool advanced = cum != _cumAckPoint;
        AckUpTo(cum, now);
        FinishAck(advanced, now);
    }

    private void FinishAck(bool advanced, Instant now)
    {
        if (_flightSize <= 0)
        {
            _flightSize = 0;
            _partialBytesAcked = 0;
        }

        if (_sent.Count == 0)
        {
            _t3At = Instant.MaxValue;
        }
        else if (advanced)
        {
            _t3At = now.AddMicroseconds(_rtoUs);
        }

        UpdateAdvancedPeerAckPoint(resend: true);
        if (_protocolState is ProtocolState.ShutdownPending or ProtocolState.ShutdownReceived)
        {
            TryProgressShutdown(now);
        }
    }

    /// <summary>RFC 9260 §7.2.1 and §7.2.2.</summary>
    private void GrowCongestionWindow(long acked, long flightBefore)
    {
        if (acked <= 0)
        {
            return;
        }

        if (_cwnd <= _ssthresh)
        {
            if (flightBefore >= _cwnd)
            {
                _cwnd += Math.Min(acked, _mtu);
            }
        }
        else
        {
            _partialBytesAcked += acked;
            if (_partialBytesAcked >= _cwnd && flightBefore >= _cwnd)
            {
                _partialBytesAcked -= _cwnd;
                _cwnd += _mtu;
            }
        }
    }

    /// <summary>Releases every chunk up to <paramref name="cum"/>; returns the bytes newly acknowledged.</summary>
    private long AckUpTo(uint cum, Instant now)
    {
        long acked = 0;
        while (_sent.Count > 0 && !SeqNum32.IsNewer(_sent.PeekFront().Tsn, cum))
        {
            OutboundChunk c = _sent.PopFront();
            if (!c.Acked && !c.Abandoned)
            {
                acked += c.Length;
            }

            if (c.InFlight)
            {
                _flightSize -= c.Length;
                c.InFlight = false;
            }

            if (_rttMeasuring && c.Tsn == _rttTsn)
            {
                _rttMeasuring = false;
                if (c.TransmitCount == 1)
                {
                    MeasureRtt((now - _rttSentAt).Ticks / 10);
                }
            }

            ReleaseChunk(c);
        }

        if (_rttMeasuring && !SeqNum32.IsNewer(_rttTsn, cum))
        {
            _rttMeasuring = false;
        }

        _cumAckPoint = cum;
        return acked;
    }

    /// <summary>RFC 9260 §6.3.1 C2–C3 (RTO.Alpha 1/8, RTO.Beta 1/4), clamped to [RTO.Min, RTO.Max].</summary>
    private void MeasureRtt(long rUs)
    {
        if (rUs < 0)
        {
            return;
        }

        if (!_hasRttMeasurement)
        {
            _srttUs = rUs;
            _rttvarUs = rUs / 2;
            _hasRttMeasurement = true;
        }
        else
        {
            _rttvarUs = ((3 * _rttvarUs) + Math.Abs(_srttUs - rUs)) / 4;
            _srttUs = ((7 * _srttUs) + rUs) / 8;
        }

        long rto = _srttUs + Math.Max(4 * _rttvarUs, 1000);
        _rtoUs = Math.Clamp(rto, ToUs(_options.RtoMin), ToUs(_options.RtoMax));
    }

    /// <summary>RFC 9260 §6.3.3: back off, shrink cwnd to one MTU, and resend everything outstanding.</summary>
    private void OnT3Expired(Instant now)
    {
        _t3At = Instant.MaxValue;
        if (_sent.Count == 0)
        {
            return;
        }

        if (++_errorCount > _options.MaxAssociationRetransmits)
        {
            EnterClosed(SctpState.Failed);
            return;
        }

        _ssthresh = Math.Max(_cwnd / 2, 4L * _mtu);
        _cwnd = _mtu;
        _partialBytesAcked = 0;
        _inFastRecovery = false;
        _rtoUs = Math.Min(_rtoUs * 2, ToUs(_options.RtoMax));
        _rttMeasuring = false;
        for (int i = 0; i < _sent.Count; i++)
        {
            OutboundChunk c = _sent[i];
            c.InFlight = false;
            if (!c.Acked && !c.Abandoned)
            {
                if (ShouldAbandon(c, now))
                {
                    AbandonMessage(c.Message);
                }
                else
                {
                    c.NeedsRetransmit = true;
                }
            }
        }

        _flightSize = 0;
        UpdateAdvancedPeerAckPoint(resend: true);
        _t3At = now.AddMicroseconds(_rtoUs);
    }

    private void ReleaseChunk(OutboundChunk c)
    {
        OutboundMessage m = c.Message;
        if (!c.Abandoned && !m.Abandoned)
        {
            ReduceBuffered(m, c.Length);
        }

        m.ChunksAlive--;
        if (m.ChunksAlive == 0 && m.ChunkedBytes == m.Length && _current != m)
        {
            if (m.BufferedBytes > 0)
            {
                ReduceBuffered(m, m.BufferedBytes);
            }

            ReturnMessage(m);
        }

        c.Message = null!;
        _chunkPool.Push(c);
    }

    private void ReduceBuffered(OutboundMessage m, long bytes)
    {
        if (bytes <= 0)
        {
            return;
        }

        long before = _buffered;
        _buffered -= bytes;
        _bufferedPerStream[m.StreamId] -= bytes;
        m.BufferedBytes -= bytes;
        long threshold = BufferedAmountLowThreshold;
        if (before > threshold && _buffered <= threshold && _protocolState != ProtocolState.Closed)
        {
            _events.PushBack(new SctpEvent(SctpEventKind.BufferedAmountLow, amount: _buffered));
        }
    }

    private void ReturnMessage(OutboundMessage m)
    {
        m.Reset(_buffers);
        _messagePool.Push(m);
    }

    private byte[] BuildInitPacket(bool isAck, uint verificationTag, uint initiateTag, uint initialTsn, ReadOnlySpan<byte> cookie)
    {
        Span<byte> parameters = stackalloc byte[128];
        int p = 0;
        SctpParameter.TryWrite(parameters, SctpInitParameterType.ForwardTsnSupported, default, out int n);
        p += n;
        ReadOnlySpan<byte> extensions = [(byte)SctpChunkType.ReConfig, (byte)SctpChunkType.ForwardTsn];
        SctpParameter.TryWrite(parameters.Slice(p), SctpInitParameterType.SupportedExtensions, extensions, out n);
        p += n;
        if (isAck)
        {
            SctpParameter.TryWrite(parameters.Slice(p), SctpInitParameterType.StateCookie, cookie, out n);
            p += n;
        }

        var init = new InitChunk(isAck, initiateTag, (uint)_options.ReceiveBufferSize, _options.OutboundStreams,
            _options.MaxInboundStreams, initialTsn, parameters.Slice(0, p));
        byte[] packet = new byte[CommonHeaderSize + init.SerializedLength];
        SctpPacket.WriteHeader(packet, _options.LocalPort, _options.RemotePort, verificationTag);
        init.TryWrite(packet.AsSpan(CommonHeaderSize), out _);
        SctpPacket.WriteChecksum(packet);
        return packet;
    }

    private void QueueAbort(uint verificationTag, bool tagReflected, SctpErrorCauseCode cause)
    {
        byte[] packet = new byte[CommonHeaderSize + ErrorCausesChunk.GetSerializedLength(0)];
        SctpPacket.WriteHeader(packet, _options.LocalPort, _options.RemotePort, verificationTag);
        ErrorCausesChunk.TryWrite(packet.AsSpan(CommonHeaderSize), isAbort: true, tagReflected, cause, default, out _);
        SctpPacket.WriteChecksum(packet);
        _rawPackets.PushBack(packet);
    }

    private void QueueShutdownComplete()
    {
        byte[] packet = new byte[CommonHeaderSize + EmptyChunk.Size];
        SctpPacket.WriteHeader(packet, _options.LocalPort, _options.RemotePort, _peerTag);
        EmptyChunk.TryWrite(packet.AsSpan(CommonHeaderSize), SctpChunkType.ShutdownComplete, 0, out _);
        SctpPacket.WriteChecksum(packet);
        _rawPackets.PushBack(packet);
    }
}
