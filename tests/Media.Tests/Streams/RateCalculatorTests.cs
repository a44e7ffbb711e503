using Sfu.Media.Streams;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Streams;

/// <summary>
/// Scenarios of mediasoup 3.14's worker/test/src/RTC/TestRateCalculator.cpp (offset, size, expected rate), on a
/// time base of 12345678 ms. Rates are bits per second over the window.
/// </summary>
public class RateCalculatorTests
{
    private const long Base = 12_345_678;

    private static void Validate(RateCalculator rate, (long Offset, int Size, long Rate)[] rows)
    {
        foreach ((long offset, int size, long expected) in rows)
        {
            rate.Update(size, Instant.FromMilliseconds(Base + offset));
            Assert.Equal(expected, rate.GetRate(Instant.FromMilliseconds(Base + offset)));
        }
    }

    [Fact]
    public void Single_item_in_the_window()
    {
        Validate(new RateCalculator(), [(0, 5, 40)]);
    }

    [Fact]
    public void Multiple_items_in_the_window()
    {
        Validate(new RateCalculator(), [(0, 5, 40), (100, 2, 56), (300, 2, 72), (999, 4, 104)]);
    }

    [Fact]
    public void One_item_every_window_replaces_the_previous_one()
    {
        Validate(new RateCalculator(1000, 8000, 100), [(0, 5, 40), (1000, 5, 40), (2000, 5, 40)]);
    }

    [Fact]
    public void Slide_with_one_millisecond_items()
    {
        var rate = new RateCalculator(1000, 8000, 1000);
        Validate(rate, [(0, 5, 40), (999, 2, 56), (1001, 1, 24), (1001, 1, 32), (2000, 1, 24)]);
        Assert.Equal(0, rate.GetRate(Instant.FromMilliseconds(Base + 3001)));
    }

    [Fact]
    public void Slide_with_ten_millisecond_items_expires_whole_items()
    {
        // 999 and 1001 share no item (990–999, 1000–1009); at 2000 the item starting at 1000 leaves the window.
        var rate = new RateCalculator(1000, 8000, 100);
        Validate(rate, [(0, 5, 40), (999, 2, 56), (1001, 1, 24), (1001, 1, 32), (2000, 1, 8)]);
        Assert.Equal(0, rate.GetRate(Instant.FromMilliseconds(Base + 3001)));
    }

    [Fact]
    public void Wrap_of_a_five_item_ring()
    {
        Validate(new RateCalculator(1000, 8000, 5),
        [
            (1000, 1, 8), (1200, 1, 16), (1400, 1, 24), (1600, 1, 32), (1800, 1, 40),
            (2000, 1, 40), (2200, 1, 40), (2400, 1, 40), (2600, 1, 40), (2800, 1, 40),
        ]);
    }

    [Fact]
    public void Late_sample_inside_the_window_counts_and_one_outside_is_ignored()
    {
        var rate = new RateCalculator(1000, 8000, 100);
        rate.Update(10, Instant.FromMilliseconds(Base + 2000));
        rate.Update(10, Instant.FromMilliseconds(Base + 1500)); // late, inside
        rate.Update(10, Instant.FromMilliseconds(Base + 500)); // older than the window

        Assert.Equal(160, rate.GetRate(Instant.FromMilliseconds(Base + 2000)));
        Assert.Equal(30, rate.Total);
    }

    [Fact]
    public void Reading_far_later_empties_the_window_and_reset_forgets_it()
    {
        var rate = new RateCalculator();
        rate.Update(100, Instant.FromMilliseconds(Base));
        Assert.Equal(800, rate.GetRate(Instant.FromMilliseconds(Base + 999)));
        Assert.Equal(0, rate.GetRate(Instant.FromMilliseconds(Base + 50_000)));

        rate.Update(100, Instant.FromMilliseconds(Base + 50_000));
        rate.Reset();
        Assert.Equal(0, rate.GetRate(Instant.FromMilliseconds(Base + 50_000)));
        Assert.Equal(200, rate.Total);
    }

    [Fact]
    public void Packet_rate_counts_per_second()
    {
        var counter = new RtpDataCounter(windowMs: 1000);
        for (int i = 0; i < 50; i++)
        {
            counter.Update(1000, Instant.FromMilliseconds(Base + (i * 20)));
        }

        Instant now = Instant.FromMilliseconds(Base + 999);
        Assert.Equal(50, counter.GetPacketRate(now));
        Assert.Equal(400_000, counter.GetBitrate(now));
        Assert.Equal(50, counter.PacketCount);
        Assert.Equal(50_000, counter.ByteCount);
    }

    [Fact]
    public void Rtp_counters_use_a_two_and_a_half_second_window_by_default()
    {
        var counter = new RtpDataCounter();
        counter.Update(2500, Instant.FromMilliseconds(Base));

        Assert.Equal(8000, counter.GetBitrate(Instant.FromMilliseconds(Base + 2000)));
        Assert.Equal(0, counter.GetBitrate(Instant.FromMilliseconds(Base + 2500)));
    }

    [Fact]
    public void The_rate_is_the_sum_of_the_samples_in_the_last_window_of_grid_items_whatever_the_sample_pattern()
    {
        // A reference model: every sample kept with its grid item; the rate sums the items of the last window.
        var random = new Random(42);
        for (var run = 0; run < 50; run++)
        {
            var windowMs = random.Next(1, 3000);
            var itemsInWindow = random.Next(1, 200);
            var rate = new RateCalculator(windowMs, 8000, itemsInWindow);
            var itemMs = windowMs / Math.Clamp(itemsInWindow, 1, windowMs);
            var slots = Math.Clamp(itemsInWindow, 1, windowMs);
            var samples = new List<(long Item, int Size)>();
            long origin = -1;
            long newest = long.MinValue;
            var ms = (long)random.Next(0, 1_000_000);
            for (var i = 0; i < 400; i++)
            {
                ms += random.Next(10) switch { 0 => -random.Next(0, windowMs + 1), < 7 => random.Next(0, 3), _ => random.Next(0, windowMs) };
                var size = random.Next(1, 1500);
                rate.Update(size, Instant.FromMilliseconds(ms));
                if (origin < 0)
                {
                    origin = ms;
                }
                var item = (long)Math.Floor((ms - origin) / (double)itemMs);
                if (newest == long.MinValue || item > newest - slots)
                {
                    samples.Add((item, size));
                }
                newest = Math.Max(newest, item);
                var sum = samples.Where(s => s.Item > newest - slots).Sum(s => (long)s.Size);
                Assert.Equal((long)Math.Round(sum * 8000.0 / windowMs, MidpointRounding.AwayFromZero), rate.GetRate(Instant.FromMilliseconds(ms)));
            }
        }
    }
}
