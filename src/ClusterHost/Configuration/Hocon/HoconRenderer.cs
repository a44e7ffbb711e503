using System.Globalization;
using System.Text;

namespace Sfu.ClusterHost.Configuration.Hocon;

/// <summary>Renders resolved values as JSON (which is valid HOCON), for diagnostics and error messages.</summary>
internal static class HoconRenderer
{
    public static string Render(HoconValue value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        AppendQuoted(sb, text);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, HoconValue value)
    {
        switch (value)
        {
            case HoconObject obj:
                sb.Append('{');
                var firstField = true;
                foreach (var (key, child) in obj)
                {
                    if (!firstField)
                    {
                        sb.Append(',');
                    }

                    firstField = false;
                    AppendQuoted(sb, key);
                    sb.Append(':');
                    Append(sb, child);
                }

                sb.Append('}');
                break;
            case HoconArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Append(sb, array[i]);
                }

                sb.Append(']');
                break;
            case HoconScalar { Kind: HoconValueKind.String } s:
                AppendQuoted(sb, s.Text);
                break;
            case HoconScalar s:
                sb.Append(s.Text);
                break;
        }
    }

    private static void AppendQuoted(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case < ' ':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }

        sb.Append('"');
    }
}
