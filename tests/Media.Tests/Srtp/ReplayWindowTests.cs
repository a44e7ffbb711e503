using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Srtp;

namespace Sfu.Media.Tests.Srtp;

/// <summary>The 1024-packet sliding window of RFC 3711 §3.3.2 against a set-based model.</summary>
public class ReplayWindowTests
{
    [Fact]
    public void The_window_agrees_with_a_model_that_remembers_every_index()
    {
        // Indices wander forward with jumps of up to 3000 and look back up to 1500, so every case (new, duplicate,
        // inside, exactly at and beyond the window edge, big jumps that clear it) comes up.
        var steps = Gen.ArrayOf(Gen.Choose(-1500, 3000));
        Prop.ForAll(steps.ToArbitrary(), deltas =>
        {
            var window = new ReplayWindow();
            var accepted = new HashSet<long>();
            long highest = -1;
            long position = 100_000;
            foreach (int delta in deltas)
            {
                position = Math.Max(0, position + delta);
                long index = position;
                var expected =
                    highest < 0 || index > highest ? SrtpError.None
                    : highest - index >= ReplayWindow.Size ? SrtpError.ReplayOld
                    : accepted.Contains(index) ? SrtpError.ReplayDuplicate
                    : SrtpError.None;

                Assert.Equal(expected, window.Check(index));
                if (expected == SrtpError.None)
                {
                    window.Accept(index);
                    accepted.Add(index);
                    highest = Math.Max(highest, index);
                }

                Assert.Equal(highest, window.Highest);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(5000)]
    public void Sliding_forward_keeps_exactly_the_indices_still_inside_the_window(int jump)
    {
        var window = new ReplayWindow();
        for (long i = 0; i < ReplayWindow.Size; i++)
        {
            window.Accept(i);
        }

        window.Accept(ReplayWindow.Size - 1 + jump);

        long highest = ReplayWindow.Size - 1 + jump;
        for (long i = 0; i < ReplayWindow.Size; i++)
        {
            var expected = highest - i >= ReplayWindow.Size ? SrtpError.ReplayOld : SrtpError.ReplayDuplicate;
            Assert.Equal(expected, window.Check(i));
        }

        for (long i = ReplayWindow.Size; i < highest; i++)
        {
            var expected = highest - i >= ReplayWindow.Size ? SrtpError.ReplayOld : SrtpError.None;
            Assert.Equal(expected, window.Check(i));
        }
    }

    [Fact]
    public void A_fresh_window_accepts_anything()
    {
        var window = new ReplayWindow();
        Assert.False(window.Started);
        Assert.Equal(SrtpError.None, window.Check(0));
        Assert.Equal(SrtpError.None, window.Check(SrtpIndex.Max));
    }
}
