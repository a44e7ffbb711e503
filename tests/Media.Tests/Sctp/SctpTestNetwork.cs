using Sfu.Media.Sctp;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Sctp;

/// <summary>An event as a test keeps it (the message copied out of the association's pooled buffer).</summary>
internal sealed record ReceivedEvent(SctpEventKind Kind, SctpState State, ushort StreamId, uint Ppid, byte[] Message, ushort[] Streams, long Amount)
{
    public static ReceivedEvent From(in SctpEvent e) =>
        new(e.Kind, e.State, e.StreamId, e.PayloadProtocolIdentifier, e.Message.ToArray(), [.. e.Streams], e.BufferedAmount);
}

/// <summary>How the simulated network treats packets: seeded loss, duplication, reordering (extra delay) and a filter.</summary>
internal sealed record NetworkConditions
{
    public double Loss { get; init; }

    public double Duplication { get; init; }

    /// <summary>Probability that a packet is held back by up to <see cref="ReorderDelay"/>, overtaking or being overtaken.</summary>
    public double Reordering { get; init; }

    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(10);

    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(30);

    public int Seed { get; init; } = 1;
}

/// <summary>
/// Two associations wired through an in-memory network on virtual time: packets travel with a delay and may be
/// lost, duplicated or reordered (seeded); the clock jumps to the next delivery or timer.
/// </summary>
internal sealed class SctpTestNetwork : IDisposable
{
    private readonly Random _random;
    private readonly List<(Instant At, long Order, bool ToB, byte[] Packet)> _inFlight = [];
    private readonly byte[] _buffer = new byte[1500];
    private long _order;

    public SctpTestNetwork(SctpAssociationOptions a, SctpAssociationOptions b, NetworkConditions? conditions = null)
    {
        Conditions = conditions ?? new NetworkConditions();
        _random = new Random(Conditions.Seed);
        A = new SctpAssociation(a with { Random = a.Random ?? new Random(Conditions.Seed * 7 + 1) });
        B = new SctpAssociation(b with { Random = b.Random ?? new Random(Conditions.Seed * 7 + 2) });
    }

    public SctpAssociation A { get; }

    public SctpAssociation B { get; }

    public NetworkConditions Conditions { get; set; }

    public Instant Now { get; private set; } = Instant.FromMilliseconds(1000);

    public List<ReceivedEvent> EventsA { get; } = [];

    public List<ReceivedEvent> EventsB { get; } = [];

    /// <summary>Packets each side put on the wire (before loss).</summary>
    public List<byte[]> SentByA { get; } = [];

    public List<byte[]> SentByB { get; } = [];

    /// <summary>Return true to drop a packet (toB: it goes from A to B), on top of the random loss.</summary>
    public Func<bool, byte[], bool>? Filter { get; set; }

    /// <summary>When set, one line per packet sent (time, direction, chunks), for diagnosing a failing scenario.</summary>
    public List<string>? Trace { get; set; }

    public static SctpAssociationOptions Client(ushort streams = 16) => new() { Role = SctpRole.Client, OutboundStreams = streams, MaxInboundStreams = streams };

    public static SctpAssociationOptions Server(ushort streams = 16) => new() { Role = SctpRole.Server, OutboundStreams = streams, MaxInboundStreams = streams };

    public IEnumerable<ReceivedEvent> MessagesAtA => EventsA.Where(e => e.Kind == SctpEventKind.MessageReceived);

    public IEnumerable<ReceivedEvent> MessagesAtB => EventsB.Where(e => e.Kind == SctpEventKind.MessageReceived);

    public void Connect()
    {
        A.Connect(Now);
        Assert.True(RunUntil(() => A.State == SctpState.Connected && B.State == SctpState.Connected, TimeSpan.FromMinutes(10)),
            $"not connected: A {A.State}, B {B.State}");
    }

    /// <summary>Runs until <paramref name="condition"/> holds (true) or <paramref name="limit"/> of virtual time passes (false).</summary>
    public bool RunUntil(Func<bool> condition, TimeSpan limit)
    {
        Instant end = Now + limit;
        while (true)
        {
            Flush();
            if (condition())
            {
                return true;
            }

            Instant next = Instant.Min(A.NextTimeout, B.NextTimeout);
            foreach (var p in _inFlight)
            {
                next = Instant.Min(next, p.At);
            }

            if (next == Instant.MaxValue || next > end)
            {
                Now = end;
                Flush();
                return condition();
            }

            if (next > Now)
            {
                Now = next;
            }

            Deliver();
            if (A.NextTimeout <= Now)
            {
                A.HandleTimeout(Now);
            }

            if (B.NextTimeout <= Now)
            {
                B.HandleTimeout(Now);
            }
        }
    }

    /// <summary>Runs for a fixed span of virtual time.</summary>
    public void RunFor(TimeSpan span) => RunUntil(() => false, span);

    /// <summary>Polls both sides for packets and events.</summary>
    public void Flush()
    {
        Poll(A, toB: true, SentByA);
        Poll(B, toB: false, SentByB);
        while (A.TryPollEvent(out SctpEvent e))
        {
            EventsA.Add(ReceivedEvent.From(e));
        }

        while (B.TryPollEvent(out SctpEvent e))
        {
            EventsB.Add(ReceivedEvent.From(e));
        }
    }

    /// <summary>Hands a raw packet to one side, as if it came from the network.</summary>
    public void Inject(bool toB, byte[] packet)
    {
        (toB ? B : A).HandleReceive(packet, Now);
        Flush();
    }

    private void Poll(SctpAssociation from, bool toB, List<byte[]> log)
    {
        while (from.TryPollTransmit(_buffer, out int length))
        {
            byte[] packet = _buffer.AsSpan(0, length).ToArray();
            log.Add(packet);
            Trace?.Add($"{Now} {(toB ? "A>B" : "B>A")} {Describe(packet)}");
            if (Filter?.Invoke(toB, packet) == true || _random.NextDouble() < Conditions.Loss)
            {
                continue;
            }

            Enqueue(toB, packet);
            if (_random.NextDouble() < Conditions.Duplication)
            {
                Enqueue(toB, packet);
            }
        }
    }

    private void Enqueue(bool toB, byte[] packet)
    {
        TimeSpan delay = Conditions.Delay;
        if (_random.NextDouble() < Conditions.Reordering)
        {
            delay += TimeSpan.FromTicks((long)(_random.NextDouble() * Conditions.ReorderDelay.Ticks));
        }

        _inFlight.Add((Now + delay, _order++, toB, packet));
    }

    private void Deliver()
    {
        while (true)
        {
            int best = -1;
            for (int i = 0; i < _inFlight.Count; i++)
            {
                if (_inFlight[i].At <= Now && (best < 0 || _inFlight[i].At < _inFlight[best].At
                    || (_inFlight[i].At == _inFlight[best].At && _inFlight[i].Order < _inFlight[best].Order)))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                return;
            }

            var p = _inFlight[best];
            _inFlight.RemoveAt(best);
            (p.ToB ? B : A).HandleReceive(p.Packet, Now);
            Flush();
        }
    }

    /// <summary>One line per chunk type with its key fields, for failure messages.</summary>
    public static string Describe(byte[] packet)
    {
        var parts = new List<string>();
        if (!SctpPacket.TryParse(packet, out SctpPacket p, out _))
        {
            return "?";
        }

        var reader = new SctpChunkReader(p.Chunks);
        while (reader.TryReadNext(out SctpChunk c))
        {
            switch ((SctpChunkType)c.Type)
            {
                case SctpChunkType.Data:
                    Sfu.Media.Sctp.Chunks.DataChunk.TryParse(c, out var d, out _);
                    parts.Add($"DATA({d.Tsn} s{d.StreamId} n{d.StreamSequenceNumber} f{d.Flags})");
                    break;
                case SctpChunkType.Sack:
                    Sfu.Media.Sctp.Chunks.SackChunk.TryParse(c, out var sack, out _);
                    var gaps = new List<string>();
                    for (int i = 0; i < sack.GapAckBlockCount; i++)
                    {
                        gaps.Add($"{sack.GetGapAckBlock(i).Start}-{sack.GetGapAckBlock(i).End}");
                    }

                    parts.Add($"SACK({sack.CumulativeTsnAck} [{string.Join(",", gaps)}] rwnd {sack.AdvertisedReceiverWindowCredit})");
                    break;
                case SctpChunkType.ForwardTsn:
                    Sfu.Media.Sctp.Chunks.ForwardTsnChunk.TryParse(c, out var f, out _);
                    parts.Add($"FWD({f.NewCumulativeTsn})");
                    break;
                case SctpChunkType.ReConfig:
                    var pr = new SctpParameterReader(c.Value);
                    while (pr.TryReadNext(out SctpParameter param))
                    {
                        parts.Add(param.Type == 16 && Sfu.Media.Sctp.Chunks.ReConfigResponse.TryParse(param, out var r, out _)
                            ? $"RESP({r.ResponseSequenceNumber} {r.Result})"
                            : param.Type == 13 && Sfu.Media.Sctp.Chunks.OutgoingSsnResetRequest.TryParse(param, out var o, out _)
                                ? $"OUTRESET({o.RequestSequenceNumber} last {o.SendersLastAssignedTsn})" : $"RECONFIG-{param.Type}");
                    }

                    break;
                default:
                    parts.Add(((SctpChunkType)c.Type).ToString());
                    break;
            }
        }

        return string.Join(" ", parts);
    }

    public string DescribeTail(int count) =>
        "A: " + string.Join(" | ", SentByA.TakeLast(count).Select(Describe)) + "\nB: " + string.Join(" | ", SentByB.TakeLast(count).Select(Describe));

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
