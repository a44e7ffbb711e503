using Sfu.ClusterHost.Configuration.Hocon;
using static Sfu.ClusterHost.Tests.Configuration.HoconTestText;

namespace Sfu.ClusterHost.Tests.Configuration;

/// <summary>Every error names the file, the 1-based line and column, and what is wrong.</summary>
public sealed class HoconParseExceptionTests
{
    private static void AssertAt(HoconParseException e, int line, int column, string reasonFragment)
    {
        Assert.Equal("test.conf", e.FileName);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(reasonFragment, e.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"test.conf:{line}:{column}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unterminated_quoted_string_points_at_its_opening_quote()
    {
        AssertAt(ParseError("a = 1\nb = \"never closed\nc = 2"), 2, 5, "Unterminated quoted string");
        AssertAt(ParseError("a = \"at the end"), 1, 5, "Unterminated quoted string");
    }

    [Fact]
    public void Unterminated_triple_quoted_string_points_at_its_opening_quotes()
    {
        AssertAt(ParseError("a = 1\n  b = \"\"\"starts\nand never ends\n"), 2, 7, "Unterminated triple-quoted string");
    }

    [Fact]
    public void Unterminated_object_points_at_its_opening_brace()
    {
        AssertAt(ParseError("a {\n  b = 1\n  c {\n    d = 2\n  }\n"), 1, 3, "Unterminated object");
        AssertAt(ParseError("{ a = 1"), 1, 1, "Unterminated object");
    }

    [Fact]
    public void Unterminated_array_points_at_its_opening_bracket()
    {
        AssertAt(ParseError("a = 1\nb = [1,\n  2\n"), 2, 5, "Unterminated array");
        AssertAt(ParseError("b = [1, 2"), 1, 5, "Unterminated array");
    }

    [Fact]
    public void Unterminated_substitution_points_at_its_dollar()
    {
        AssertAt(ParseError("a = ${b\nc = 1"), 1, 5, "Unterminated substitution");
    }

    [Fact]
    public void A_closing_brace_without_an_opening_one_is_an_error()
    {
        AssertAt(ParseError("a = 1\n}"), 2, 1, "Unbalanced '}'");
    }

    [Fact]
    public void Text_after_a_braced_root_is_an_error()
    {
        AssertAt(ParseError("{ a = 1 }\nb = 2"), 2, 1, "after the root object");
    }

    [Fact]
    public void Leading_and_doubled_commas_are_errors()
    {
        AssertAt(ParseError("a = [1,,2]"), 1, 8, "two commas in a row");
        AssertAt(ParseError("a = [,1]"), 1, 6, "Unexpected ','");
        AssertAt(ParseError("a = 1,,\nb = 2"), 1, 7, "two commas in a row");
        AssertAt(ParseError("{ , a = 1 }"), 1, 3, "Unexpected ','");
    }

    [Fact]
    public void A_key_without_a_separator_or_value_is_an_error()
    {
        AssertAt(ParseError("a = 1\nlonely\nb = 2"), 2, 7, "Key 'lonely' must be followed by");
        AssertAt(ParseError("a ="), 1, 4, "Expected a value");
        AssertAt(ParseError("= 1"), 1, 1, "Expected a key");
    }

    [Fact]
    public void Two_fields_on_one_line_without_a_comma_is_an_error()
    {
        AssertAt(ParseError("a = 1 b = 2"), 1, 9, "Unexpected '='");
        AssertAt(ParseError("a { x = 1 } b { y = 2 }"), 1, 13, "Cannot concatenate 'b' with an object on one line");
        AssertAt(ParseError("a = [1] x"), 1, 9, "Cannot concatenate 'x' with an array on one line");
        AssertAt(ParseError("a { x = 1 }\n{ y = 2 }"), 2, 1, "Expected a key, found '{'");
    }

    [Fact]
    public void Reserved_characters_outside_quotes_are_errors()
    {
        AssertAt(ParseError("a = foo*bar"), 1, 8, "Character '*' is reserved");
        AssertAt(ParseError("a = 50$"), 1, 7, "'$' must start a substitution");
        AssertAt(ParseError("a = b + c"), 1, 7, "Character '+' is reserved");
    }

    [Fact]
    public void Bad_escapes_and_raw_control_characters_in_quoted_strings_are_errors()
    {
        AssertAt(ParseError("a = \"x\\qy\""), 1, 7, "Invalid escape '\\q'");
        AssertAt(ParseError("a = \"\\u12G4\""), 1, 6, "Invalid \\u escape");
        AssertAt(ParseError("a = \"tab\there\""), 1, 9, "Control character U+0009");
    }

    [Fact]
    public void Empty_path_elements_are_errors()
    {
        AssertAt(ParseError("a..b = 1"), 1, 1, "Empty key");
        AssertAt(ParseError(".a = 1"), 1, 1, "Empty key");
        AssertAt(ParseError("a. = 1"), 1, 1, "Empty key");
        AssertAt(ParseError("x = ${a..b}"), 1, 7, "Empty key");
        AssertAt(ParseError("x = ${}"), 1, 5, "Empty substitution");
    }

    [Fact]
    public void An_array_at_the_root_is_an_error()
    {
        AssertAt(ParseError("\n  [1, 2]"), 2, 3, "must be an object");
    }

    [Fact]
    public void A_substitution_in_a_key_is_an_error()
    {
        AssertAt(ParseError("${a} = 1"), 1, 1, "not allowed in keys");
        AssertAt(ParseError("a ${b} = 1"), 1, 3, "not allowed in keys");
    }

    [Fact]
    public void An_unresolved_substitution_names_its_path_and_position()
    {
        var e = ParseError("a = 1\nb {\n  c = ${sfu.missing.key}\n}");

        AssertAt(e, 3, 7, "Could not resolve substitution ${sfu.missing.key}");
        Assert.Contains("'sfu.missing.key' is not set in the configuration", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_reference_with_nothing_before_it_is_unresolved()
    {
        AssertAt(ParseError("foo : ${foo}"), 1, 7, "Could not resolve substitution ${foo}");
    }

    [Fact]
    public void A_two_field_cycle_is_reported()
    {
        AssertAt(ParseError("bar : ${foo}\nfoo : ${bar}"), 2, 7, "Cycle in substitutions: bar -> foo -> bar");
    }

    [Fact]
    public void A_three_field_cycle_is_reported()
    {
        AssertAt(ParseError("a : ${b}\nb : ${c}\nc : ${a}"), 3, 5, "Cycle in substitutions: a -> b -> c -> a");
    }

    [Fact]
    public void An_object_or_array_containing_a_reference_to_itself_is_a_cycle()
    {
        AssertAt(ParseError("a : { b : ${a} }"), 1, 11, "Cycle in substitutions: ${a}");
        AssertAt(ParseError("a : [ 1, ${a} ]"), 1, 10, "Cycle in substitutions: ${a}");
        AssertAt(ParseError("a : ${b}\nb : { c : ${a} }"), 2, 11, "Cycle in substitutions: a -> b.c -> a");
    }

    [Fact]
    public void Concatenating_an_object_with_a_string_is_an_error()
    {
        AssertAt(ParseError("o { x = 1 }\na = ${o} tail"), 2, 5, "Cannot concatenate an object with string \"tail\"");
        AssertAt(ParseError("l = [1]\na = ${l} { x = 1 }"), 2, 5, "Cannot concatenate an array with an object");
    }

    [Fact]
    public void Plus_equals_on_a_non_array_is_an_error()
    {
        AssertAt(ParseError("a = 1\na += 2"), 2, 3, "'+=' appends to an array, but the earlier value of 'a' is number 1");
    }

    [Fact]
    public void Include_followed_by_anything_but_a_file_name_is_an_error()
    {
        AssertAt(ParseError("include other.conf"), 1, 9, "'include' must be followed by a quoted file name");
        AssertAt(ParseError("include = 5"), 1, 9, "'include' must be followed by a quoted file name");
        AssertAt(ParseError("include files(\"a.conf\")"), 1, 1, "Invalid include");
        AssertAt(ParseError("include url(\"http://example.com/a.conf\")"), 1, 1, "url(...) and classpath(...) are not supported");
        AssertAt(ParseError("include \"a.conf\" extra"), 1, 18, "Unexpected 'extra' after the include statement");
    }

    [Fact]
    public void A_missing_required_include_is_an_error_and_a_missing_optional_one_is_not()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hocon-missing-" + Guid.NewGuid().ToString("N"));
        var options = new HoconParseOptions { Environment = NoEnvironment, BaseDirectory = dir };

        var e = Assert.Throws<HoconParseException>(
            () => HoconParser.Parse("a = 1\ninclude required(\"nope.conf\")", "main.conf", options));
        var optional = HoconParser.Parse("a = 1\ninclude \"nope.conf\"\ninclude file(\"nope.conf\")", null, options);

        Assert.Equal(("main.conf", 2, 1), (e.FileName, e.Line, e.Column));
        Assert.Contains("Required include file not found", e.Reason, StringComparison.Ordinal);
        Assert.Equal("""{"a":1}""", optional.Root.ToString());
    }

    [Fact]
    public void A_relative_include_in_text_without_a_file_name_or_base_directory_is_an_error()
    {
        var e = Assert.Throws<HoconParseException>(
            () => HoconParser.Parse("include \"other.conf\"", null, new HoconParseOptions { Environment = NoEnvironment }));

        Assert.Equal((null, 1, 1), (e.FileName, e.Line, e.Column));
        Assert.Contains("relative include needs", e.Reason, StringComparison.Ordinal);
        Assert.StartsWith("<hocon>:1:1: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absurdly_deep_nesting_is_an_error_not_a_crash()
    {
        var deep = "a = " + new string('[', 100_000);

        AssertAt(ParseError(deep), 1, 5 + HoconParseOptions.DefaultMaxNestingDepth, "nest deeper than");
    }
}
