using Sfu.Contracts.Ids;

namespace Sfu.Contracts.Tests;

/// <summary>Entity ids carry their owner node and its incarnation: <c>{uuid}~{nodeId}~{incarnation}</c>.</summary>
public sealed class EntityIdTests
{
    [Fact]
    public void A_new_id_is_a_uuid_the_node_id_and_the_incarnation_joined_by_tildes()
    {
        var id = EntityId.New("node-a.1", 1795000000123);

        var parts = id.Split('~');
        Assert.Equal(3, parts.Length);
        Assert.True(Guid.TryParseExact(parts[0], "D", out _), $"'{parts[0]}' is not a hyphenated uuid");
        Assert.Equal(parts[0].ToLowerInvariant(), parts[0]);
        Assert.Equal("node-a.1", parts[1]);
        Assert.Equal("1795000000123", parts[2]);
        Assert.Equal('~', EntityId.Separator);
    }

    [Fact]
    public void Two_new_ids_of_one_node_incarnation_differ()
    {
        Assert.NotEqual(EntityId.New("n", 1), EntityId.New("n", 1));
    }

    [Fact]
    public void Every_character_of_an_id_is_an_sdp_token_character()
    {
        // RFC 4566 token-char, so an id can travel as an MSID track id.
        const string tokenChars = "!#$%&'*+-.^_`{|}~";
        var id = EntityId.New("Node_7.b-c", long.MaxValue);
        Assert.All(id, c => Assert.True(char.IsAsciiLetterOrDigit(c) || tokenChars.Contains(c), $"'{c}' in {id}"));
    }

    [Theory]
    [InlineData("node-a")]
    [InlineData("a")]
    [InlineData("A.b_c-9")]
    public void The_owner_of_a_new_id_reads_back(string nodeId)
    {
        var id = EntityId.New(nodeId, 42);

        Assert.True(EntityId.TryParseOwner(id, out var owner, out var incarnation));
        Assert.Equal(nodeId, owner);
        Assert.Equal(42, incarnation);
    }

    [Fact]
    public void The_owner_is_read_from_the_last_two_parts()
    {
        Assert.True(EntityId.TryParseOwner("x~y~node~7", out var owner, out var incarnation));
        Assert.Equal("node", owner);
        Assert.Equal(7, incarnation);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("producer-chosen-by-the-app")]                         // app-chosen ids carry no owner
    [InlineData("0a4f5b7e-0000-4000-8000-000000000000~node")]           // one separator
    [InlineData("0a4f5b7e-0000-4000-8000-000000000000~~7")]             // empty node id
    [InlineData("0a4f5b7e-0000-4000-8000-000000000000~node~")]          // empty incarnation
    [InlineData("0a4f5b7e-0000-4000-8000-000000000000~node~seven")]     // incarnation not a number
    [InlineData("0a4f5b7e-0000-4000-8000-000000000000~node~-7")]        // signed
    [InlineData("0a4f5b7e-0000-4000-8000-000000000000~node~ 7")]        // whitespace
    [InlineData("0a4f5b7e-0000-4000-8000-000000000000~node~99999999999999999999")] // overflows a long
    [InlineData("~7")]
    public void Malformed_ids_have_no_owner(string? id)
    {
        Assert.False(EntityId.TryParseOwner(id, out var owner, out var incarnation), $"'{id}' should carry no owner");
        Assert.Equal("", owner);
        Assert.Equal(0, incarnation);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("node-1")]
    [InlineData("Node_1.eu-west")]
    [InlineData("0123456789")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV")] // 48 characters
    public void Node_ids_of_1_to_48_letters_digits_dots_underscores_and_hyphens_are_valid(string nodeId)
    {
        Assert.True(EntityId.IsValidNodeId(nodeId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW")] // 49 characters
    [InlineData("node~1")]                                           // the separator
    [InlineData("~")]
    [InlineData("node 1")]
    [InlineData("node/1")]
    [InlineData("node:1")]
    [InlineData("nœud")]                                             // not ASCII
    [InlineData("node\n")]
    public void Other_node_ids_are_invalid(string? nodeId)
    {
        Assert.False(EntityId.IsValidNodeId(nodeId));
    }
}
