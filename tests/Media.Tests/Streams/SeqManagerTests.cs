using Sfu.Media.Streams;

namespace Sfu.Media.Tests.Streams;

/// <summary>
/// mediasoup's worker/test/src/RTC/TestSeqManager.cpp tables, row for row. A row is
/// (input, expected output, sync before, drop instead of input, offset, expected max input or −1). As in the C++
/// harness, the expected output of a row whose input was dropped earlier is the previous row's output (Input returns
/// false and the harness keeps its last value).
/// </summary>
public class SeqManagerTests
{
    private readonly record struct Row(int Input, int Output, bool Sync = false, bool Drop = false, int Offset = 0, int MaxInput = -1);

    [Fact]
    public void Zero_is_higher_than_65000()
    {
        Assert.True(new SeqManager<ushort>().IsSeqHigherThan(0, 65000));
    }

    [Fact]
    public void Zero_is_higher_than_32500_in_a_15_bit_space()
    {
        Assert.True(new SeqManager<ushort>(15).IsSeqHigherThan(0, 32500));
    }

    [Fact]
    public void Ordered_inputs_without_sync_or_drop_map_to_themselves()
    {
        Row[] rows = Enumerable.Range(0, 12).Select(i => new Row(i, i)).ToArray();
        Validate(new SeqManager<ushort>(), rows);
        Validate(new SeqManager<ushort>(15), rows);
    }

    [Fact]
    public void Sync_continues_after_the_last_output()
    {
        Row[] rows =
        [
            new(0, 0), new(1, 1), new(2, 2), new(80, 3, Sync: true), new(81, 4), new(82, 5), new(83, 6), new(84, 7),
        ];
        Validate(new SeqManager<ushort>(), rows);
        Validate(new SeqManager<ushort>(15), rows);
    }

    [Fact]
    public void Drops_after_syncs_leave_no_gap()
    {
        Row[] rows =
        [
            new(0, 0), new(1, 1), new(2, 2), new(3, 3), new(4, 4, Sync: true), new(5, 5), new(6, 6),
            new(7, 7, Sync: true), new(8, 0, Drop: true), new(9, 8), new(11, 0, Drop: true), new(10, 9), new(12, 10),
        ];
        Validate(new SeqManager<ushort>(), rows);
        Validate(new SeqManager<ushort>(15), rows);
    }

    [Fact]
    public void Ordered_inputs_wrap_at_65535()
    {
        Validate(new SeqManager<ushort>(), [new(65533, 65533), new(65534, 65534), new(65535, 65535), new(0, 0), new(1, 1)]);
    }

    [Fact]
    public void A_big_jump_is_kept()
    {
        Row[] rows = [new(0, 0), new(1, 1), new(1000, 1000), new(1001, 1001)];
        Validate(new SeqManager<ushort>(), rows);
        Validate(new SeqManager<ushort>(15), rows);
    }

    [Fact]
    public void A_drop_before_a_big_jump_shifts_the_later_inputs()
    {
        Row[] rows =
        [
            new(0, 0), new(1, 0, Drop: true), new(100, 99), new(100, 99), new(103, 0, Drop: true), new(101, 100),
        ];
        Validate(new SeqManager<ushort>(), rows);
        Validate(new SeqManager<ushort>(15), rows);
    }

    [Fact]
    public void A_drop_after_a_big_jump_shifts_only_what_follows_it()
    {
        Row[] rows = [new(0, 0), new(1, 1), new(100, 0, Drop: true), new(103, 0, Drop: true), new(101, 100)];
        Validate(new SeqManager<ushort>(), rows);
        Validate(new SeqManager<ushort>(15), rows);
    }

    [Fact]
    public void Inputs_older_than_a_drop_are_not_shifted()
    {
        Row[] rows = [new(0, 0), new(2, 0, Drop: true), new(3, 2), new(4, 3), new(1, 1)];
        Validate(new SeqManager<ushort>(), rows);
        Validate(new SeqManager<ushort>(15), rows);
    }

    [Fact]
    public void Mixed_inputs_with_syncs_and_drops_across_the_16_bit_wrap()
    {
        Validate(new SeqManager<ushort>(), MixedRows(65533, 65534, 65535));
    }

    [Fact]
    public void Mixed_inputs_with_syncs_and_drops_across_the_15_bit_wrap()
    {
        Validate(new SeqManager<ushort>(15), MixedRows(32767, 32768, 32769));
    }

    [Fact]
    public void Offset_after_sync_leaves_a_deliberate_gap()
    {
        Row[] rows =
        [
            new(0, 0), new(1, 1), new(2, 2), new(80, 23, Sync: true, Offset: 20), new(81, 24), new(82, 25), new(83, 26),
            new(84, 27),
        ];
        Validate(new SeqManager<ushort>(), rows);
        Validate(new SeqManager<ushort>(15), rows);
    }

    [Fact]
    public void Many_drops_at_the_beginning_shift_every_later_input_in_16_bits()
    {
        Row[] rows = ManyDropsAtTheBeginning(120, 139);
        Validate(new SeqManager<ushort>(), rows);
        Validate(new SeqManager<ushort>(15), rows);
    }

    [Fact]
    public void Many_drops_at_the_beginning_shift_every_later_input_in_8_bits()
    {
        Validate(new SeqManager<byte>(), ManyDropsAtTheBeginning(120, 139));
    }

    [Fact]
    public void Many_drops_at_the_beginning_shift_high_inputs_around_32768()
    {
        Validate(new SeqManager<ushort>(), ManyDropsAtTheBeginning(32768, 32780));
    }

    [Fact]
    public void Many_drops_at_the_beginning_shift_high_inputs_around_16384_in_15_bits()
    {
        Validate(new SeqManager<ushort>(15), ManyDropsAtTheBeginning(16384, 16396));
    }

    [Fact]
    public void Drops_near_65535_after_a_sync_leave_no_gap_across_the_wrap()
    {
        Row[] rows =
        [
            new(65530, 1, Sync: true), new(65531, 2), new(65532, 3), new(65533, 0, Drop: true),
            new(65534, 0, Drop: true), new(65535, 4), new(0, 5), new(1, 6), new(2, 7), new(3, 8),
        ];
        Validate(new SeqManager<ushort>(), rows);
    }

    [Fact]
    public void Drops_near_32767_after_a_sync_leave_no_gap_across_the_15_bit_wrap()
    {
        Row[] rows =
        [
            new(32762, 1, Sync: true, MaxInput: 32762), new(32763, 2, MaxInput: 32763), new(32764, 3, MaxInput: 32764),
            new(32765, 0, Drop: true, MaxInput: 32765), new(32766, 0, Drop: true, MaxInput: 32766),
            new(32767, 4, MaxInput: 32767), new(0, 5, MaxInput: 0), new(1, 6, MaxInput: 1), new(2, 7, MaxInput: 2),
            new(3, 8, MaxInput: 3),
        ];
        Validate(new SeqManager<ushort>(15), rows);
    }

    [Fact]
    public void Every_value_is_updated_over_three_16_bit_roll_overs()
    {
        Validate(new SeqManager<ushort>(), RollOverRows(65535));
    }

    [Fact]
    public void Every_value_is_updated_over_three_15_bit_roll_overs()
    {
        Validate(new SeqManager<ushort>(15), RollOverRows(32767));
    }

    [Fact]
    public void An_old_input_before_a_drop_gets_its_earlier_output_again()
    {
        Row[] rows =
        [
            new(10, 1, Sync: true), new(11, 2), new(12, 3), new(13, 4), new(14, 0, Drop: true), new(15, 5), new(12, 3),
        ];
        Validate(new SeqManager<ushort>(15), rows);
    }

    [Fact]
    public void Drops_of_a_previous_cycle_are_cleaned_in_a_3_bit_space()
    {
        Row[] rows =
        [
            new(1, 1), new(2, 0, Drop: true), new(3, 2), new(4, 3), new(5, 4), new(6, 5), new(7, 6), new(0, 7), new(1, 0),
            new(2, 1), new(3, 2),
        ];
        Validate(new SeqManager<byte>(3), rows);
    }

    [Fact]
    public void Dropped_inputs_going_out_of_range_1()
    {
        Row[] rows =
        [
            new(36964, 36964), new(25923, 0, Drop: true), new(25701, 25701), new(17170, 0, Drop: true),
            new(25923, 25923), new(4728, 0, Drop: true), new(17170, 17170), new(30738, 0, Drop: true),
            new(4728, 4728), new(4806, 0, Drop: true), new(30738, 30738), new(50886, 0, Drop: true),
            new(4806, 4805), new(50774, 0, Drop: true), new(50886, 50884), new(22136, 0, Drop: true),
            new(50774, 50884), new(30910, 0, Drop: true), new(22136, 22134), new(48862, 0, Drop: true),
            new(30910, 30909), new(56832, 0, Drop: true), new(48862, 48861), new(2, 0, Drop: true),
            new(56832, 56828), new(530, 0, Drop: true), new(2, 65534),
        ];
        Validate(new SeqManager<ushort>(), rows);
    }

    [Fact]
    public void Dropped_inputs_going_out_of_range_2()
    {
        Row[] rows =
        [
            new(36960, 36960), new(3328, 0, Drop: true), new(24589, 24588), new(120, 0, Drop: true),
            new(3328, 3326), new(30848, 0, Drop: true), new(120, 3326),
        ];
        Validate(new SeqManager<ushort>(), rows);
    }

    [Fact]
    public void Dropped_inputs_going_out_of_range_3()
    {
        Row[] rows =
        [
            new(36964, 36964), new(65396, 0, Drop: true), new(25855, 25854), new(29793, 0, Drop: true),
            new(65396, 65395), new(25087, 0, Drop: true), new(29793, 29791), new(65535, 0, Drop: true),
            new(25087, 29791),
        ];
        Validate(new SeqManager<ushort>(), rows);
    }

    [Fact]
    public void A_dropped_input_is_refused()
    {
        var manager = new SeqManager<ushort>();
        Assert.True(manager.Input(10, out _));
        manager.Drop(11);
        Assert.False(manager.Input(11, out _));
        Assert.True(manager.Input(12, out ushort output));
        Assert.Equal(11, output);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32767)]
    [InlineData(32768)]
    [InlineData(65535)]
    public void Dropping_every_other_input_gives_a_gapless_output_across_the_wrap(int start)
    {
        var manager = new SeqManager<ushort>();
        manager.Sync((ushort)(start - 1));
        ushort expected = 1;
        for (int i = 0; i < 140_000; i++)
        {
            ushort input = (ushort)(start + i);
            if (i % 2 == 1)
            {
                manager.Drop(input);
                continue;
            }

            Assert.True(manager.Input(input, out ushort output));
            Assert.Equal(expected, output);
            expected++;
        }

        Assert.True(manager.DroppedCount < 32768 / 2 + 2);
    }

    [Fact]
    public void Width_must_fit_the_value_type()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeqManager<byte>(9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeqManager<ushort>(0));
    }

    private static Row[] MixedRows(int nearWrap1, int nearWrap2, int nearWrap3) =>
    [
        new(0, 0), new(1, 1), new(2, 2), new(3, 3), new(7, 7), new(6, 0, Drop: true), new(8, 8), new(10, 10),
        new(9, 9), new(11, 11), new(0, 12, Sync: true), new(2, 14), new(3, 15), new(4, 16), new(5, 17), new(6, 18),
        new(7, 19), new(8, 20), new(9, 21), new(10, 22), new(9, 0, Drop: true), new(61, 23, Sync: true), new(62, 24),
        new(63, 25), new(64, 26), new(65, 27), new(11, 28, Sync: true), new(12, 29), new(13, 30), new(14, 31),
        new(15, 32), new(1, 33, Sync: true), new(2, 34), new(3, 35), new(4, 36), new(5, 37),
        new(nearWrap1, 38, Sync: true), new(nearWrap2, 39), new(nearWrap3, 40), new(0, 41, Sync: true), new(1, 42),
        new(3, 0, Drop: true), new(4, 44), new(5, 45), new(6, 46), new(7, 47),
    ];

    private static Row[] ManyDropsAtTheBeginning(int first, int last)
    {
        var rows = new List<Row> { new(1, 1) };
        for (int i = 2; i <= 9; i++)
        {
            rows.Add(new Row(i, 0, Drop: true));
        }

        for (int i = first; i <= last; i++)
        {
            rows.Add(new Row(i, i - 8));
        }

        return rows.ToArray();
    }

    private static Row[] RollOverRows(int maxValue)
    {
        var rows = new List<Row> { new(0, 1, Sync: true, MaxInput: 0) };
        for (int j = 0; j < 3; j++)
        {
            for (int i = 1; i < maxValue; i++)
            {
                rows.Add(new Row(i, i + 1, MaxInput: i));
            }
        }

        return rows.ToArray();
    }

    private static void Validate<T>(SeqManager<T> manager, Row[] rows)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IUnsignedNumber<T>
    {
        int last = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            Row row = rows[i];
            T input = T.CreateTruncating(row.Input);
            if (row.Sync)
            {
                manager.Sync(input - T.One);
            }

            if (row.Offset != 0)
            {
                manager.Offset(T.CreateTruncating(row.Offset));
            }

            if (row.Drop)
            {
                manager.Drop(input);
                continue;
            }

            if (manager.Input(input, out T output))
            {
                last = int.CreateTruncating(output);
            }

            Assert.True(row.Output == last, $"row {i}: input {row.Input} → {last}, expected {row.Output}");
            if (row.MaxInput != -1)
            {
                Assert.Equal(row.MaxInput, int.CreateTruncating(manager.MaxInput));
            }
        }
    }
}
