using Sfu.ClusterHost.Configuration.Hocon;
using static Sfu.ClusterHost.Tests.Configuration.HoconTestText;

namespace Sfu.ClusterHost.Tests.Configuration;

/// <summary>Syntax and merging (HOCON.md "Syntax"): each test states the exact tree a document resolves to.</summary>
public sealed class HoconParserTests
{
    [Fact]
    public void Hash_and_double_slash_comments_are_ignored_outside_quotes()
    {
        const string text = """
            # a comment line
            a = 1 # trailing hash comment
            // a slash comment line
            b = "x # y // z" // trailing slash comment
            c = foo#bar
            """;

        Assert.Equal("""{"a":1,"b":"x # y // z","c":"foo"}""", Json(text));
    }

    [Fact]
    public void Root_braces_may_be_omitted()
    {
        Assert.Equal("""{"a":1,"b":{"c":2}}""", Json("{ a = 1, b { c = 2 } }"));
        Assert.Equal("""{"a":1,"b":{"c":2}}""", Json("a = 1\nb { c = 2 }"));
    }

    [Fact]
    public void Empty_document_and_comment_only_document_are_empty_objects()
    {
        Assert.Equal("{}", Json(""));
        Assert.Equal("{}", Json("   \n# nothing here\n// nor here\n"));
        Assert.Equal("{}", Json("{}"));
    }

    [Fact]
    public void Colon_and_equals_both_separate_key_and_value()
    {
        Assert.Equal("""{"a":1,"b":2,"c":3}""", Json("a = 1\nb : 2\nc=3"));
    }

    [Fact]
    public void A_key_followed_by_a_brace_needs_no_separator()
    {
        Assert.Equal("""{"sfu":{"http":{"port":8080}}}""", Json("sfu { http { port = 8080 } }"));
        Assert.Equal("""{"a":{}}""", Json("\"a\" {}"));
    }

    [Fact]
    public void Fields_are_separated_by_commas_or_newlines_and_one_trailing_comma_is_allowed()
    {
        Assert.Equal("""{"a":1,"b":2,"c":3}""", Json("a = 1, b = 2, c = 3,"));
        Assert.Equal("""{"a":1,"b":2,"c":3}""", Json("a = 1\nb = 2,\nc = 3\n"));
        Assert.Equal("""{"o":{"a":1,"b":2}}""", Json("o { a = 1, b = 2, }"));
    }

    [Fact]
    public void Separator_may_be_followed_by_a_newline_before_the_value()
    {
        Assert.Equal("""{"a":1}""", Json("a =\n  1"));
    }

    [Fact]
    public void Dotted_keys_make_nested_objects_that_merge()
    {
        Assert.Equal("""{"a":{"b":{"c":1,"d":2}}}""", Json("a.b.c = 1\na.b.d = 2"));
        Assert.Equal("""{"a":{"x":42,"y":43}}""", Json("a.x : 42, a.y : 43"));
    }

    [Fact]
    public void A_quoted_key_with_a_dot_is_one_key()
    {
        Assert.Equal("""{"a.b":1,"x":{"y.z":{"w":2}}}""", Json("\"a.b\" = 1\nx.\"y.z\".w = 2"));
    }

    [Fact]
    public void Keys_may_be_concatenations_of_quoted_and_unquoted_parts_and_numbers()
    {
        Assert.Equal("""{"a b c":42}""", Json("a b c : 42"));
        Assert.Equal("""{"foo10.0":1}""", Json("foo\"10.0\" = 1"));
        Assert.Equal("""{"10":{"0foo":1}}""", Json("10.0foo = 1"));
        Assert.Equal("""{"true":1,"3":2}""", Json("true = 1\n3 = 2"));
        Assert.Equal("""{"a":{"":{"b":1}}}""", Json("a.\"\".b = 1"));
    }

    [Fact]
    public void Quoted_strings_decode_json_escapes()
    {
        var config = Parse("""s = "tab\there \"q\" back\\slash \/ \u00e9\u20AC nl\n end" """);

        Assert.Equal("tab\there \"q\" back\\slash / é€ nl\n end", config.GetString("s"));
    }

    [Fact]
    public void Triple_quoted_strings_keep_newlines_and_backslashes_literally()
    {
        var config = Parse("s = \"\"\"line 1\n  line \\n 2 \"quoted\"\n\"\"\"\nt = \"\"\"ends with quote\"\"\"\"");

        Assert.Equal("line 1\n  line \\n 2 \"quoted\"\n", config.GetString("s"));
        Assert.Equal("ends with quote\"", config.GetString("t"));
    }

    [Fact]
    public void Unquoted_strings_run_until_a_forbidden_character_or_whitespace()
    {
        const string text = """
            path = /var/log/sfu
            host = media-1.example.com
            name = foo_bar-baz.v2
            ipv4 = 192.168.1.10
            """;

        Assert.Equal(
            """{"path":"/var/log/sfu","host":"media-1.example.com","name":"foo_bar-baz.v2","ipv4":"192.168.1.10"}""",
            Json(text));
    }

    [Fact]
    public void Numbers_keep_their_kind_and_written_form()
    {
        var root = Parse("a = 1\nb = -2\nc = 3.50\nd = 1e5\ne = 1.5E-3\nf = 0").Root;

        Assert.Equal(HoconScalar.Number("1"), root["a"]);
        Assert.Equal(HoconScalar.Number("-2"), root["b"]);
        Assert.Equal(HoconScalar.Number("3.50"), root["c"]);
        Assert.Equal(HoconScalar.Number("1e5"), root["d"]);
        Assert.Equal(HoconScalar.Number("1.5E-3"), root["e"]);
        Assert.Equal(HoconScalar.Number("0"), root["f"]);
    }

    [Fact]
    public void A_number_followed_by_text_is_a_string()
    {
        var root = Parse("timeout = 10s\nlong = 2 minutes\nversion = 1.2.3").Root;

        Assert.Equal(HoconScalar.String("10s"), root["timeout"]);
        Assert.Equal(HoconScalar.String("2 minutes"), root["long"]);
        Assert.Equal(HoconScalar.String("1.2.3"), root["version"]);
    }

    [Fact]
    public void True_false_and_null_are_typed_while_yes_no_on_off_stay_strings()
    {
        var root = Parse("t = true\nf = false\nn = null\ny = yes\nno = no\non = on\noff = off\nq = \"true\"").Root;

        Assert.Equal(HoconScalar.Boolean(true), root["t"]);
        Assert.Equal(HoconScalar.Boolean(false), root["f"]);
        Assert.Equal(HoconScalar.Null(), root["n"]);
        Assert.Equal(HoconScalar.String("yes"), root["y"]);
        Assert.Equal(HoconScalar.String("no"), root["no"]);
        Assert.Equal(HoconScalar.String("on"), root["on"]);
        Assert.Equal(HoconScalar.String("off"), root["off"]);
        Assert.Equal(HoconScalar.String("true"), root["q"]);
    }

    [Fact]
    public void Arrays_take_commas_or_newlines_and_one_trailing_comma()
    {
        Assert.Equal("""{"a":[1,2,3]}""", Json("a = [1, 2, 3]"));
        Assert.Equal("""{"a":[1,2,3]}""", Json("a = [1, 2, 3,]"));
        Assert.Equal("""{"a":[1,2,3]}""", Json("a = [\n  1\n  2,\n  3\n]"));
        Assert.Equal("""{"a":[]}""", Json("a = []"));
        Assert.Equal("""{"a":["x",true,null,{"b":1},[2]]}""", Json("a = [x, true, null, { b = 1 }, [2]]"));
    }

    [Fact]
    public void Array_elements_separated_only_by_spaces_concatenate()
    {
        Assert.Equal("""{"a":["1 2 3 4"]}""", Json("a = [ 1 2 3 4 ]"));
        Assert.Equal("""{"a":[[1,2,3,4]]}""", Json("a = [ [ 1, 2 ] [ 3, 4 ] ]"));
        Assert.Equal("""{"a":[[1,2],[3,4]]}""", Json("a = [ [ 1, 2 ]\n [ 3, 4 ] ]"));
    }

    [Fact]
    public void Nested_objects_and_arrays_resolve_to_the_same_tree_as_json()
    {
        const string json = """{"sfu":{"workers":4,"listen":[{"ip":"0.0.0.0","port":40000},{"ip":"::","port":40001}],"log":{"level":"debug","tags":["ice","dtls"]},"enabled":false,"ratio":0.75}}""";

        Assert.Equal(json, Json(json));
    }

    [Fact]
    public void Duplicate_object_keys_merge_recursively()
    {
        const string text = """
            sfu { http { port = 8080, host = localhost }, workers = 2 }
            sfu { http { port = 9090 }, log = debug }
            """;

        Assert.Equal("""{"sfu":{"http":{"port":9090,"host":"localhost"},"workers":2,"log":"debug"}}""", Json(text));
    }

    [Fact]
    public void A_later_non_object_value_replaces_the_earlier_value()
    {
        Assert.Equal("""{"a":2}""", Json("a = 1\na = 2"));
        Assert.Equal("""{"a":"x"}""", Json("a { b = 1 }\na = x"));
        Assert.Equal("""{"a":{"b":1}}""", Json("a = x\na { b = 1 }"));
        Assert.Equal("""{"a":[3]}""", Json("a = [1, 2]\na = [3]"));
    }

    [Fact]
    public void Null_between_two_objects_prevents_their_merge()
    {
        Assert.Equal("""{"foo":{"b":43}}""", Json("foo : { a : 42 },\nfoo : null,\nfoo : { b : 43 }"));
    }

    [Fact]
    public void Plus_equals_appends_to_an_array_and_creates_it_on_first_use()
    {
        Assert.Equal("""{"a":[1,2,3]}""", Json("a = [1, 2]\na += 3"));
        Assert.Equal("""{"b":["x","y"]}""", Json("b += x\nb += y"));
        Assert.Equal("""{"c":{"d":[1,[2,3]]}}""", Json("c.d = [1]\nc { d += [2, 3] }"));
    }

    [Fact]
    public void Simple_values_on_one_line_concatenate_keeping_inner_whitespace()
    {
        Assert.Equal("""{"b":"foo bar"}""", Json("b = foo bar"));
        Assert.Equal("""{"b":"foo   bar"}""", Json("b =   foo   bar   # trailing"));
        Assert.Equal("""{"c":"a b c d"}""", Json("c = a \"b c\" d"));
        Assert.Equal("""{"d":"true false null 1.50"}""", Json("d = true false null 1.50"));
        Assert.Equal("""{"e":"/usr/bin"}""", Json("e = /usr\"/bin\""));
    }

    [Fact]
    public void Arrays_concatenate_and_objects_merge_when_written_side_by_side()
    {
        Assert.Equal("""{"a":[1,2,3,4]}""", Json("a : [ 1, 2 ] [ 3, 4 ]"));
        Assert.Equal("""{"a":{"b":1,"c":2}}""", Json("a : { b : 1 } { c : 2 }"));
    }

    [Fact]
    public void Include_is_an_ordinary_word_except_at_the_start_of_a_key()
    {
        Assert.Equal("""{"foo include":42,"include":43,"x":"include","y":["include"],"include-dirs":[1]}""",
            Json("foo include : 42\n\"include\" : 43\nx = include\ny = [ include ]\ninclude-dirs = [1]"));
    }

    [Fact]
    public void Windows_line_endings_unicode_spaces_and_a_bom_are_whitespace()
    {
        var config = Parse("\uFEFFa = 1\r\nb =\u00A0x\u2003y\r\n");

        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal("x\u2003y", config.GetString("b"));
    }

    [Fact]
    public void Field_order_is_the_order_of_first_definition()
    {
        var root = Parse("b = 1\na = 2\nb = 3\nc { z = 1, y = 2 }").Root;

        Assert.Equal(["b", "a", "c"], root.Keys);
        Assert.Equal(["z", "y"], ((HoconObject)root["c"]).Keys);
    }

    [Fact]
    public void Values_remember_file_line_and_column()
    {
        var root = Parse("a = 1\n  b {\n    c = \"x\"\n  }").Root;

        Assert.Equal(new HoconOrigin("test.conf", 1, 5), root["a"].Origin);
        Assert.Equal(new HoconOrigin("test.conf", 3, 9), ((HoconObject)root["b"])["c"].Origin);
    }
}
