using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Sfu.ClusterHost.Configuration.Hocon;
using static Sfu.ClusterHost.Tests.Configuration.HoconTestText;

namespace Sfu.ClusterHost.Tests.Configuration;

/// <summary>
/// Properties: a generated tree written as HOCON in randomly chosen styles (braces or not, '=' ':' or none, commas or
/// newlines, comments, quoted/unquoted/triple-quoted strings, dotted keys) parses back to the same tree; and no input
/// makes the parser fail with anything but <see cref="HoconParseException"/>.
/// </summary>
public sealed class HoconParserPropertyTests
{
    private static readonly Config Checks = Config.QuickThrowOnFailure.WithMaxTest(400);

    private const string StringAlphabet = "abcXYZ019 .-_:=,\"\\/#$@{}[]\n\té€\u0001";
    private const string KeyAlphabet = "abz09-_ .\"$é";

    private static Gen<string> Text(string alphabet, int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(n => Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), n))
            .Select(chars => new string(chars));

    private static readonly Gen<string> Keys = Gen.Frequency(
        (6, Gen.Elements("a", "b", "port", "listen-port", "x_1", "Node")),
        (1, Gen.Elements("include", "true", "null", "10", "-1", "", "a.b", "with space", "quote\"d")),
        (3, Text(KeyAlphabet, 6)));

    private static readonly Gen<string> NumberTexts = Gen.Frequency(
        (4, Gen.Choose(-100_000, 100_000).Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Zip(Gen.Choose(-999, 999), Gen.Choose(0, 999))
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Item1}.{t.Item2:D3}"))),
        (1, Gen.Zip(Gen.Choose(1, 9), Gen.Choose(-20, 20))
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Item1}e{t.Item2}"))),
        (1, Gen.Elements("0", "-0", "1.5E-3", "2E+4", "0.0")));

    private static readonly Gen<HoconValue> Scalars = Gen.Frequency(
        (4, Gen.Frequency(
                (3, Text(StringAlphabet, 12)),
                (2, Gen.Elements("localhost", "0.0.0.0", "10s", "yes", "off", "/var/log", "a b", "true", "12")))
            .Select(s => (HoconValue)HoconScalar.String(s))),
        (2, NumberTexts.Select(n => (HoconValue)HoconScalar.Number(n))),
        (1, Gen.Elements(true, false).Select(b => (HoconValue)HoconScalar.Boolean(b))),
        (1, Gen.Constant((HoconValue)HoconScalar.Null())));

    private static Gen<HoconObject> Objects(int size) =>
        Gen.Choose(0, Math.Min(size, 5))
            .SelectMany(n => Gen.ListOf(Gen.Zip(Keys, Values(size / 2)), n))
            .Select(fields => new HoconObject(
                fields.DistinctBy(f => f.Item1).Select(f => KeyValuePair.Create(f.Item1, f.Item2))));

    private static Gen<HoconValue> Values(int size) => size <= 1
        ? Scalars
        : Gen.Frequency(
            (4, Scalars),
            (2, Objects(size).Select(o => (HoconValue)o)),
            (1, Gen.Choose(0, 4).SelectMany(n => Gen.ListOf(Values(size / 2), n))
                .Select(items => (HoconValue)new HoconArray(items))));

    private static readonly Arbitrary<(HoconObject Tree, int Seed)> Documents =
        Gen.Sized(size => Gen.Zip(Objects(Math.Max(size, 4)), Gen.Choose(0, int.MaxValue - 1))).ToArbitrary();

    [Fact]
    public void A_generated_tree_written_as_hocon_parses_back_to_the_same_tree()
    {
        Prop.ForAll(Documents, document =>
        {
            var text = new Writer(new Random(document.Seed)).Document(document.Tree);
            var parsed = Parse(text).Root;
            return Prop.Label(parsed.Equals(document.Tree), $"text:\n{text}\nparsed: {parsed}\nexpected: {document.Tree}");
        }).Check(Checks);
    }

    private static readonly string[] Fragments =
    [
        "a", "b.c", "\"q\"", "\"\"\"t\"\"\"", "1", "-2.5e3", "true", "null", " ", "\n", "\t", "=", ":", "+=", ",", "{", "}",
        "[", "]", "${a}", "${?b}", "${", "$", "\"", "\\", "#c\n", "//", "include ", "required(", "file(", ")", "\"x.conf\"",
        "?", "*", "é", "\u00A0", "\r\n", "10s", ".", "..",
    ];

    private static readonly Arbitrary<string> Junk =
        Gen.ListOf(Gen.Elements(Fragments)).Select(parts => string.Concat(parts)).ToArbitrary();

    [Fact]
    public void Any_input_either_parses_or_fails_with_a_positioned_parse_exception()
    {
        Prop.ForAll(Junk, text =>
        {
            try
            {
                Parse(text);
                return true;
            }
            catch (HoconParseException e)
            {
                return e.Line >= 0 && e.Column >= 0 && e.Reason.Length > 0;
            }
        }).Check(Checks);
    }

    /// <summary>Writes a tree as HOCON, choosing among equivalent spellings at random.</summary>
    private sealed class Writer(Random random)
    {
        private readonly StringBuilder _sb = new();

        private bool Chance(int oneIn) => random.Next(oneIn) == 0;

        public string Document(HoconObject root)
        {
            if (Chance(2))
            {
                _sb.Append("{\n");
                Fields(root, []);
                _sb.Append("\n}\n");
            }
            else
            {
                if (Chance(3))
                {
                    _sb.Append("# generated document\n");
                }

                Fields(root, []);
            }

            return _sb.ToString();
        }

        private void Fields(HoconObject obj, List<string> prefix)
        {
            var first = true;
            foreach (var (key, value) in obj)
            {
                if (!first)
                {
                    _sb.Append(random.Next(6) switch
                    {
                        0 => ",\n",
                        1 => "\n",
                        2 => ", ",
                        3 => " # comment\n",
                        4 => ", // comment\n",
                        _ => "\n\n  ",
                    });
                }

                first = false;
                Field([.. prefix, key], value);
            }

            // One trailing comma may end an object, but not the middle of one (dotted keys expand in place).
            if (!first && prefix.Count == 0 && Chance(3))
            {
                _sb.Append(',');
            }
        }

        private void Field(List<string> path, HoconValue value)
        {
            if (value is HoconObject { Count: > 0 } nested && Chance(4))
            {
                // Dotted keys: a.b = 1, a.c = 2 instead of a { b = 1, c = 2 }.
                Fields(nested, path);
                return;
            }

            for (var i = 0; i < path.Count; i++)
            {
                if (i > 0)
                {
                    _sb.Append('.');
                }

                Key(path[i]);
            }

            if (value is HoconObject && Chance(2))
            {
                _sb.Append(Chance(2) ? " " : "");
            }
            else
            {
                _sb.Append(random.Next(4) switch { 0 => " = ", 1 => ": ", 2 => "=", _ => " :\n  " });
            }

            Value(value);
        }

        private void Key(string key)
        {
            var plain = key.Length > 0 && key != "include" && char.IsAsciiLetter(key[0]) &&
                key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
            if (plain && !Chance(5))
            {
                _sb.Append(key);
            }
            else
            {
                Quoted(key);
            }
        }

        private void Value(HoconValue value)
        {
            switch (value)
            {
                case HoconObject obj:
                    _sb.Append(Chance(2) ? "{ " : "{\n");
                    Fields(obj, []);
                    _sb.Append(Chance(2) ? " }" : "\n}");
                    break;
                case HoconArray array:
                    _sb.Append('[');
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (i > 0)
                        {
                            _sb.Append(random.Next(3) switch { 0 => ", ", 1 => "\n", _ => ",\n # comment\n" });
                        }

                        Value(array[i]);
                    }

                    _sb.Append(array.Count > 0 && Chance(3) ? ",]" : "]");
                    break;
                case HoconScalar { Kind: HoconValueKind.String } s:
                    String(s.Text);
                    break;
                case HoconScalar s:
                    _sb.Append(s.Text);
                    break;
            }
        }

        private void String(string text)
        {
            if (IsSafeUnquoted(text) && Chance(2))
            {
                _sb.Append(text);
            }
            else if (!text.Contains('"', StringComparison.Ordinal) && Chance(3))
            {
                _sb.Append("\"\"\"").Append(text).Append("\"\"\"");
            }
            else
            {
                Quoted(text);
            }
        }

        private static bool IsSafeUnquoted(string text) =>
            text.Length > 0 && char.IsAsciiLetter(text[0]) && text is not ("true" or "false" or "null") &&
            !text.Contains("//", StringComparison.Ordinal) &&
            text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/');

        private void Quoted(string text)
        {
            _sb.Append('"');
            foreach (var c in text)
            {
                _sb.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\t' => Chance(2) ? "\\t" : "\\u0009",
                    < ' ' => $"\\u{(int)c:x4}",
                    _ => c.ToString(),
                });
            }

            _sb.Append('"');
        }
    }
}
