using System.Buffers.Binary;
using Sfu.Media.Rtcp;
using Sfu.Media.Rtp;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Transports;

/// <summary>
/// Seeded datagrams for fuzzing a transport: plausible RTP (known and unknown SSRCs and payload types, header
/// extensions, VP8/Opus-like payloads, RTX with an OSN, padding) and RTCP compounds (SR, RR, SDES, BYE, APP, XR, NACK,
/// PLI, FIR, REMB, RPSI, transport-cc), most of them then damaged (bit flips, overwritten bytes, cuts, appended bytes,
/// lying length fields), plus plain random bytes. Sequence numbers mostly advance, so streams, NACK generation and
/// retransmission really run. Without SRTP a stream's sequence number sometimes jumps anywhere and damage may hit it or
/// the SSRC; for SRTP (<c>forSrtp</c>) neither happens to what is protected afterwards: the sender's index estimation
/// would follow such jumps (RFC 3711 §3.3.1) and leave a receiver that never got those packets a rollover apart — a
/// sender bug, not bad input (damage after protection is what tests the receiver).
/// </summary>
internal sealed class DatagramFuzzer(int seed, DatagramFuzzer.Stream[] rtpStreams, uint[] feedbackSsrcs, bool forSrtp)
{
    private readonly Random _random = new(seed);
    private readonly byte[] _buffer = new byte[2048];

    /// <summary>An RTP stream the fuzzer sends on: SSRC, payload type, and (for RTX) the original's payload type.</summary>
    public sealed class Stream(uint ssrc, byte payloadType, bool isRtx = false, bool isAudio = false)
    {
        /// <summary>Starts the stream at a sequence number and timestamp from <paramref name="random"/> (reproducible runs).</summary>
        public Stream(uint ssrc, byte payloadType, Random random, bool isRtx = false, bool isAudio = false)
            : this(ssrc, payloadType, isRtx, isAudio)
        {
            Seq = (ushort)random.Next(0x10000);
            Timestamp = (uint)random.Next();
        }

        public uint Ssrc => ssrc;

        public byte PayloadType => payloadType;

        public bool IsRtx => isRtx;

        public bool IsAudio => isAudio;

        public ushort Seq = (ushort)Random.Shared.Next(0x10000);

        public uint Timestamp = (uint)Random.Shared.Next();
    }

    public Random Random => _random;

    /// <summary>Where NACKs mostly ask: a sequence number the consumer sent lately (the rest ask anywhere).</summary>
    public Func<ushort>? RecentlySent { get; set; }

    /// <summary>Random bytes of exactly <paramref name="length"/>; half of them start like RTP/RTCP (version 2).</summary>
    public byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        if (length > 0 && _random.Next(2) == 0)
        {
            bytes[0] = (byte)((bytes[0] & 0x3F) | 0x80);
        }
        return bytes;
    }

    /// <summary>The next datagram of the mix: random, plausible RTP or RTCP, each often damaged.</summary>
    public byte[] Next()
    {
        var roll = _random.Next(100);
        byte[] datagram = roll switch
        {
            < 10 => RandomBytes(_random.Next(0, 1501)),
            < 65 => Rtp(),
            _ => Rtcp(),
        };
        return _random.Next(100) < 45 ? Damage(datagram) : datagram;
    }

    /// <summary>A plausible RTP packet on one of the streams (or an unknown SSRC / payload type now and then).</summary>
    public byte[] Rtp()
    {
        var stream = rtpStreams[_random.Next(rtpStreams.Length)];
        var ssrc = _random.Next(20) == 0 ? (uint)_random.Next() : stream.Ssrc;
        var payloadType = _random.Next(20) == 0 ? (byte)_random.Next(128) : stream.PayloadType;
        // Mostly the next sequence number; sometimes a repeat, a small reorder or a jump.
        stream.Seq = _random.Next(20) switch
        {
            0 => stream.Seq,
            1 => unchecked((ushort)(stream.Seq - _random.Next(1, 50))),
            2 => unchecked((ushort)(stream.Seq + _random.Next(2, 40))),
            3 when !forSrtp => (ushort)_random.Next(0x10000),
            3 => unchecked((ushort)(stream.Seq + _random.Next(100, 3000))),
            _ => unchecked((ushort)(stream.Seq + 1)),
        };
        if (_random.Next(10) == 0)
        {
            stream.Timestamp += stream.IsAudio ? 960u : 3000u;
        }

        var builder = new RtpPacketBuilder(_buffer);
        builder.TryWriteHeader(_random.Next(10) == 0, payloadType, stream.Seq, stream.Timestamp, ssrc,
            _random.Next(10) == 0 ? new uint[] { 1, 2 } : default);
        if (_random.Next(3) != 0)
        {
            builder.TryBeginExtensions(_random.Next(8) == 0 ? RtpExtensionForm.TwoByte : RtpExtensionForm.OneByte);
            var count = _random.Next(1, 5);
            for (var i = 0; i < count; i++)
            {
                var value = new byte[_random.Next(1, 17)];
                _random.NextBytes(value);
                builder.TryAddExtension(_random.Next(1, 15), value);
            }
            builder.TryEndExtensions();
        }
        var payload = new byte[_random.Next(0, stream.IsAudio ? 200 : 1200)];
        _random.NextBytes(payload);
        if (stream.IsRtx && payload.Length >= 2)
        {
            // The OSN: an original sequence number near the media stream's.
            BinaryPrimitives.WriteUInt16BigEndian(payload, unchecked((ushort)(rtpStreams[0].Seq - _random.Next(0, 60))));
        }
        else if (!stream.IsAudio && payload.Length >= 2 && _random.Next(2) == 0)
        {
            payload[0] = (byte)(_random.Next(2) == 0 ? 0x10 : 0x90); // VP8 descriptor, S set (and X)
            payload[1] &= _random.Next(4) == 0 ? (byte)0xFE : (byte)0xFF; // sometimes a key frame (P = 0)
        }
        builder.TryWritePayload(payload);
        if (_random.Next(20) == 0)
        {
            builder.TryWritePadding(_random.Next(1, 40));
        }
        return builder.Written.ToArray();
    }

    /// <summary>A plausible RTCP compound of one to four packets about the known SSRCs.</summary>
    public byte[] Rtcp()
    {
        var length = 0;
        var packets = _random.Next(1, 5);
        for (var i = 0; i < packets; i++)
        {
            if (TryWriteRtcp(_buffer.AsSpan(length, 1200 - length), out var written))
            {
                length += written;
            }
        }
        return _buffer.AsSpan(0, length).ToArray();
    }

    private bool TryWriteRtcp(Span<byte> destination, out int written)
    {
        var media = KnownSsrc();
        var sender = KnownSsrc();
        switch (_random.Next(13))
        {
            case 0:
                return new SenderReportWriter(sender, new NtpTime((ulong)_random.NextInt64()), (uint)_random.Next(),
                    (uint)_random.Next(), (uint)_random.Next(), Blocks()).TryWrite(destination, out written);
            case 1:
            case 2:
                return new ReceiverReportWriter(sender, Blocks()).TryWrite(destination, out written);
            case 3:
                return new SourceDescriptionWriter([new SdesEntry(sender, SdesItemType.Cname, Bytes(1, 40))]).TryWrite(destination, out written);
            case 4:
                return new GoodbyeWriter([sender, media], Bytes(0, 20)).TryWrite(destination, out written);
            case 5:
                return new ApplicationDefinedWriter(_random.Next(32), sender, "test"u8, Bytes(4 * _random.Next(0, 3)))
                    .TryWrite(destination, out written);
            case 6:
                return new ExtendedReportWriter(sender, new NtpTime((ulong)_random.NextInt64()),
                    [new DlrrSubBlock(media, (uint)_random.Next(), (uint)_random.Next())]).TryWrite(destination, out written);
            case 7:
            case 8:
            {
                Span<GenericNackItem> items = stackalloc GenericNackItem[_random.Next(1, 6)];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = _random.Next(10) == 0 || RecentlySent is null
                        ? new GenericNackItem((ushort)_random.Next(0x10000), (ushort)_random.Next(0x10000))
                        : new GenericNackItem(RecentlySent(), (ushort)_random.Next(0x100));
                }
                return RtcpFeedbackWriter.Nack(sender, media, items).TryWrite(destination, out written);
            }
            case 9:
                return RtcpFeedbackWriter.Pli(sender, media).TryWrite(destination, out written);
            case 10:
                return RtcpFeedbackWriter.Fir(sender, [new FirItem(media, (byte)_random.Next(256))]).TryWrite(destination, out written);
            case 11:
                return new ReceiverEstimatedMaximumBitrateWriter(sender, (ulong)_random.NextInt64(1, 1L << 40), [media])
                    .TryWrite(destination, out written);
            default:
            {
                var builder = new TransportWideCcFeedbackBuilder();
                builder.Reset(sender, media, (byte)_random.Next(256));
                var seq = (ushort)_random.Next(0x10000);
                var arrival = _random.NextInt64(0, 1L << 40);
                for (var i = 0; i < _random.Next(1, 50); i++)
                {
                    seq = unchecked((ushort)(seq + _random.Next(1, 4)));
                    arrival += _random.Next(-2000, 30_000);
                    builder.TryAdd(seq, arrival);
                }
                return builder.TryWrite(destination, out written);
            }
        }
    }

    private ReceptionReport[] Blocks()
    {
        var blocks = new ReceptionReport[_random.Next(0, 3)];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = new ReceptionReport(KnownSsrc(), (byte)_random.Next(256), _random.Next(-100, 10_000),
                (uint)_random.Next(), (uint)_random.Next(100_000), (uint)_random.Next(), (uint)_random.Next());
        }
        return blocks;
    }

    private uint KnownSsrc() => _random.Next(8) == 0 ? (uint)_random.Next()
        : _random.Next(2) == 0 ? rtpStreams[_random.Next(rtpStreams.Length)].Ssrc
        : feedbackSsrcs[_random.Next(feedbackSsrcs.Length)];

    private byte[] Bytes(int length) => Bytes(length, length);

    private byte[] Bytes(int min, int max)
    {
        var bytes = new byte[_random.Next(min, max + 1)];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>One to three damages: flipped bits, overwritten bytes, a cut, appended bytes, a lying length field.</summary>
    public byte[] Damage(byte[] datagram) => Damage(datagram, keepRtpIdentity: forSrtp);

    /// <summary>
    /// As <see cref="Damage(byte[])"/>; <paramref name="keepRtpIdentity"/>: RTP stays RTP (and RTCP RTCP), and an RTP
    /// packet keeps its sequence number and SSRC (octets 2–3 and 8–11), so a packet protected after the damage still
    /// belongs to its stream's SRTP index.
    /// </summary>
    public byte[] Damage(byte[] datagram, bool keepRtpIdentity)
    {
        var damaged = Damage1(datagram);
        if (keepRtpIdentity && damaged.Length >= 2 && datagram.Length >= 2 && RtpPacketView.IsRtcp(datagram) != RtpPacketView.IsRtcp(damaged))
        {
            damaged[1] = datagram[1]; // RTCP stays RTCP and RTP stays RTP
        }
        if (keepRtpIdentity && datagram.Length >= 12 && !RtpPacketView.IsRtcp(datagram))
        {
            if (damaged.Length >= 4)
            {
                datagram.AsSpan(2, 2).CopyTo(damaged.AsSpan(2));
            }
            if (damaged.Length >= 12)
            {
                datagram.AsSpan(8, 4).CopyTo(damaged.AsSpan(8));
            }
        }
        return damaged;
    }

    private byte[] Damage1(byte[] datagram)
    {
        var damaged = datagram.ToArray();
        var count = _random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            switch (_random.Next(5))
            {
                case 0 when damaged.Length > 0:
                    damaged[_random.Next(damaged.Length)] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1 when damaged.Length > 0:
                    damaged[_random.Next(damaged.Length)] = (byte)_random.Next(256);
                    break;
                case 2 when damaged.Length > 0:
                    damaged = damaged[.._random.Next(damaged.Length)];
                    break;
                case 3:
                    damaged = [.. damaged, .. Bytes(1, 64)];
                    break;
                case 4 when damaged.Length >= 4:
                    // An RTCP length, or an RTP header extension's, or the CC/RC count.
                    var at = _random.Next(3) switch { 0 => 2, 1 => 14, _ => 0 };
                    if (at == 0)
                    {
                        damaged[0] = (byte)((damaged[0] & 0xE0) | _random.Next(32));
                    }
                    else if (at + 1 < damaged.Length)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(damaged.AsSpan(at), (ushort)_random.Next(0x10000));
                    }
                    break;
            }
        }
        return damaged;
    }
}
