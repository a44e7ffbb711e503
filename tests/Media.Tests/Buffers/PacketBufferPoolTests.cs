using Sfu.Media.Buffers;
using Sfu.Tests.Shared;

namespace Sfu.Media.Tests.Buffers;

public class PacketBufferPoolTests
{
    [Fact]
    public void Rent_from_an_empty_pool_allocates_and_counts_a_miss()
    {
        var pool = new PacketBufferPool(bufferSize: 1500, maxIdle: 4);

        PacketBuffer buffer = pool.Rent();

        Assert.Equal(1500, buffer.Capacity);
        Assert.Equal(0, buffer.Length);
        Assert.Equal(1, buffer.RefCount);
        Assert.Same(pool, buffer.Pool);
        Assert.Equal(1, pool.Rented);
        Assert.Equal(1, pool.Created);
        Assert.Equal(1, pool.Misses);
        Assert.Equal(1, pool.Outstanding);
    }

    [Fact]
    public void Last_release_returns_the_buffer_and_the_next_rent_reuses_it()
    {
        var pool = new PacketBufferPool(bufferSize: 64, maxIdle: 4);
        PacketBuffer first = pool.Rent();
        first.TryCopyFrom([1, 2, 3]);

        Assert.True(first.Release());
        PacketBuffer second = pool.Rent();

        Assert.Same(first, second);
        Assert.Equal(0, second.Length);
        Assert.Equal(1, pool.Created);
        Assert.Equal(1, pool.Misses);
        Assert.Equal(2, pool.Rented);
        Assert.Equal(1, pool.Returned);
    }

    [Fact]
    public void A_retained_buffer_goes_back_only_after_every_holder_released_it()
    {
        var pool = new PacketBufferPool(bufferSize: 64, maxIdle: 4);
        PacketBuffer buffer = pool.Rent();
        buffer.Retain();
        buffer.Retain();

        Assert.False(buffer.Release());
        Assert.False(buffer.Release());
        Assert.Equal(0, pool.Available);
        Assert.True(buffer.Release());
        Assert.Equal(1, pool.Available);
        Assert.Equal(0, buffer.RefCount);
    }

    [Fact]
    public void Using_a_buffer_after_its_last_release_throws()
    {
        var pool = new PacketBufferPool(bufferSize: 64, maxIdle: 4);
        PacketBuffer buffer = pool.Rent();
        buffer.Release();

        Assert.Throws<InvalidOperationException>(buffer.Retain);
        Assert.Throws<InvalidOperationException>(() => buffer.Release());
    }

    [Fact]
    public void A_full_pool_drops_returned_buffers_and_counts_them()
    {
        var pool = new PacketBufferPool(bufferSize: 64, maxIdle: 2);
        PacketBuffer[] buffers = [pool.Rent(), pool.Rent(), pool.Rent()];

        foreach (PacketBuffer b in buffers)
        {
            b.Release();
        }

        Assert.Equal(2, pool.Available);
        Assert.Equal(1, pool.Dropped);
        Assert.Equal(3, pool.Returned);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void Prewarmed_pool_serves_rents_without_misses()
    {
        var pool = new PacketBufferPool(bufferSize: 64, maxIdle: 8);
        pool.Prewarm(8);

        var rented = new List<PacketBuffer>();
        for (int i = 0; i < 8; i++)
        {
            rented.Add(pool.Rent());
        }

        Assert.Equal(0, pool.Misses);
        Assert.Equal(8, pool.Created);
        Assert.Equal(8, rented.Distinct().Count());
    }

    [Fact]
    public void Rent_copy_refuses_a_packet_larger_than_the_buffers()
    {
        var pool = new PacketBufferPool(bufferSize: 4, maxIdle: 2);

        Assert.Null(pool.RentCopy(new byte[5]));
        Assert.Equal(0, pool.Rented);

        PacketBuffer? copy = pool.RentCopy([9, 8, 7, 6]);
        Assert.NotNull(copy);
        Assert.Equal(new byte[] { 9, 8, 7, 6 }, copy.Span.ToArray());
    }

    [Fact]
    public void Length_outside_the_capacity_is_refused()
    {
        PacketBuffer buffer = PacketBuffer.CreateUnpooled(8);

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Length = 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Length = -1);
        buffer.Length = 8;
        Assert.Equal(8, buffer.Span.Length);
        Assert.False(buffer.TryCopyFrom(new byte[9]));
        Assert.Equal(8, buffer.Length);
    }

    [Fact]
    public void Steady_rent_and_release_allocates_nothing()
    {
        var pool = new PacketBufferPool(bufferSize: 1500, maxIdle: 16);
        byte[] packet = new byte[1200];
        Cycle(); // warm up
        var (allocated, _) = SteadyStateAllocation.Measure(Cycle);

        Assert.Equal(0, allocated);
        Assert.Equal(4, pool.Created);

        void Cycle()
        {
            for (int i = 0; i < 10_000; i++)
            {
                PacketBuffer a = pool.RentCopy(packet)!;
                PacketBuffer b = pool.Rent();
                PacketBuffer c = pool.Rent();
                PacketBuffer d = pool.Rent();
                a.Retain();
                a.Release();
                d.Release();
                c.Release();
                b.Release();
                a.Release();
            }
        }
    }
}
