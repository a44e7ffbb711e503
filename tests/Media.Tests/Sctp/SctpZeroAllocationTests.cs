using Sfu.Media.Sctp;
using Sfu.Media.Time;
using Sfu.Tests.Shared;

namespace Sfu.Media.Tests.Sctp;

/// <summary>The steady path (send, packetize, receive, SACK, deliver, poll) allocates nothing per message.</summary>
public class SctpZeroAllocationTests
{
    [Fact]
    public void Messages_in_steady_state_allocate_nothing()
    {
        using var a = new SctpAssociation(SctpTestNetwork.Client() with { Random = new Random(1) });
        using var b = new SctpAssociation(SctpTestNetwork.Server() with { Random = new Random(2) });
        byte[] buffer = new byte[1500];
        byte[] message = new byte[300];
        var now = Instant.FromMilliseconds(1000);
        long delivered = 0;

        void Pump()
        {
            bool moved = true;
            while (moved)
            {
                moved = false;
                while (a.TryPollTransmit(buffer, out int n))
                {
                    b.HandleReceive(buffer.AsSpan(0, n), now);
                    moved = true;
                }

                while (b.TryPollTransmit(buffer, out int n))
                {
                    a.HandleReceive(buffer.AsSpan(0, n), now);
                    moved = true;
                }
            }

            while (a.TryPollEvent(out _))
            {
            }

            while (b.TryPollEvent(out SctpEvent e))
            {
                if (e.Kind == SctpEventKind.MessageReceived)
                {
                    delivered += e.Message.Length;
                }
            }
        }

        void Step(int i)
        {
            a.Send((ushort)(i % 4), 53, message.AsSpan(0, 1 + (i % 300)), ordered: i % 5 != 0, null, null, now);
            if (i % 3 == 0)
            {
                a.Send(5, 53, message.AsSpan(0, 2), ordered: true, null, null, now);
            }

            Pump();
            now = now.AddMilliseconds(1);
            if (a.NextTimeout <= now)
            {
                a.HandleTimeout(now);
            }

            if (b.NextTimeout <= now)
            {
                b.HandleTimeout(now);
            }

            Pump();
        }

        a.Connect(now);
        Pump();
        Assert.Equal(SctpState.Connected, a.State);
        for (int i = 0; i < 5000; i++)
        {
            Step(i);
        }

        int next = 5000;
        var (allocated, _) = SteadyStateAllocation.Measure(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                Step(next++);
            }
        });
        Assert.Equal(0, allocated);
        Assert.True(delivered > 0);
        Assert.Equal(a.MessagesSent, b.MessagesReceived);
    }
}
