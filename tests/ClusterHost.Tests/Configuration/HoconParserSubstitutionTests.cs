using Sfu.ClusterHost.Configuration.Hocon;
using static Sfu.ClusterHost.Tests.Configuration.HoconTestText;

namespace Sfu.ClusterHost.Tests.Configuration;

/// <summary>Substitutions and environment overrides (HOCON.md "Substitutions", "Self-Referential Substitutions").</summary>
public sealed class HoconParserSubstitutionTests
{
    [Fact]
    public void A_substitution_alone_keeps_the_type_of_its_target()
    {
        const string text = """
            port = 8080
            enabled = true
            nothing = null
            tags = [a, b]
            http { host = localhost }
            p = ${port}
            e = ${enabled}
            n = ${nothing}
            t = ${tags}
            h = ${http}
            """;
        var root = Parse(text).Root;

        Assert.Equal(HoconScalar.Number("8080"), root["p"]);
        Assert.Equal(HoconScalar.Boolean(true), root["e"]);
        Assert.Equal(HoconScalar.Null(), root["n"]);
        Assert.Equal("""["a","b"]""", root["t"].ToString());
        Assert.Equal("""{"host":"localhost"}""", root["h"].ToString());
    }

    [Fact]
    public void Substitutions_look_forward_to_the_final_value()
    {
        Assert.Equal("""{"a":3,"b":3}""", Json("a = ${b}\nb = 1\nb = 3"));
    }

    [Fact]
    public void Substitutions_concatenate_with_strings_on_the_same_line()
    {
        const string text = """
            x = /usr
            name = sfu
            a = ${x}"/bin"
            b = ${x}/lib
            greeting = hello ${name} node
            port = 8080
            url = "http://localhost:"${port}/healthz
            """;
        var config = Parse(text);

        Assert.Equal("/usr/bin", config.GetString("a"));
        Assert.Equal("/usr/lib", config.GetString("b"));
        Assert.Equal("hello sfu node", config.GetString("greeting"));
        Assert.Equal("http://localhost:8080/healthz", config.GetString("url"));
        Assert.Equal(HoconValueKind.String, config.GetValue("url").Kind);
    }

    [Fact]
    public void Object_substitution_followed_by_an_object_inherits_and_overrides()
    {
        const string text = """
            data-center-generic = { cluster-size = 6, name = generic }
            data-center-east = ${data-center-generic} { name = "east" }
            """;

        Assert.Equal(
            """{"data-center-generic":{"cluster-size":6,"name":"generic"},"data-center-east":{"cluster-size":6,"name":"east"}}""",
            Json(text));
    }

    [Fact]
    public void A_field_may_extend_its_own_earlier_value()
    {
        Assert.Equal("""{"path":["/bin","/usr/bin"]}""", Json("path = [ /bin ]\npath = ${path} [ /usr/bin ]"));
        Assert.Equal("""{"path":"a:b:c:d"}""", Json("path : \"a:b:c\"\npath : ${path}\":d\""));
        Assert.Equal("""{"foo":{"a":1}}""", Json("foo : { a : 1 }\nfoo : ${foo}"));
    }

    [Fact]
    public void A_self_reference_into_a_path_sees_the_value_below()
    {
        const string text = """
            foo : { a : { c : 1 } }
            foo : ${foo.a}
            foo : { a : 2 }
            """;

        Assert.Equal("""{"foo":{"a":2,"c":1}}""", Json(text));
    }

    [Fact]
    public void Optional_substitution_of_an_unset_variable_keeps_the_earlier_value()
    {
        const string text = "port = 8080\nport = ${?SFU_HTTP_PORT}";

        Assert.Equal(HoconScalar.Number("8080"), Parse(text).Root["port"]);
    }

    [Fact]
    public void Optional_substitution_of_a_set_variable_overrides_with_its_text()
    {
        const string text = "port = 8080\nport = ${?SFU_HTTP_PORT}";

        var config = Parse(text, Env(("SFU_HTTP_PORT", "9000")));

        Assert.Equal(HoconScalar.String("9000"), config.Root["port"]);
        Assert.Equal(9000, config.GetInt("port"));
    }

    [Fact]
    public void An_environment_variable_set_to_the_empty_string_counts_as_unset()
    {
        Assert.Equal("""{"port":8080}""", Json("port = 8080\nport = ${?SFU_HTTP_PORT}", Env(("SFU_HTTP_PORT", ""))));
    }

    [Fact]
    public void Optional_substitution_that_finds_nothing_creates_no_field()
    {
        var config = Parse("a = ${?NOT_SET}\nb = ${?NOT_SET}${?ALSO_NOT_SET}\nc = 1");

        Assert.False(config.HasPath("a"));
        Assert.False(config.HasPath("b"));
        Assert.Equal("""{"c":1}""", config.Root.ToString());
    }

    [Fact]
    public void Required_substitution_falls_back_to_the_environment()
    {
        Assert.Equal("""{"home":"/home/sfu/data"}""", Json("home = ${HOME}/data", Env(("HOME", "/home/sfu"))));
    }

    [Fact]
    public void A_configuration_value_wins_over_an_environment_variable_of_the_same_name()
    {
        var env = Env(("HOME", "/from/env"), ("USER", "root"));

        Assert.Equal("""{"HOME":"/from/config","h":"/from/config"}""", Json("HOME = /from/config\nh = ${HOME}", env));
        Assert.Equal("""{"USER":null,"u":null}""", Json("USER = null\nu = ${USER}", env));
    }

    [Fact]
    public void An_environment_override_inside_an_object_reads_a_variable_named_by_the_full_path()
    {
        const string text = """
            sfu {
              http {
                port = 8080
                port = ${?SFU_HTTP_PORT}
              }
              node-name = ${?HOSTNAME}
              node-name = ${?SFU_NODE_NAME}
            }
            """;

        Assert.Equal(
            """{"sfu":{"http":{"port":"7000"},"node-name":"pod-1"}}""",
            Json(text, Env(("SFU_HTTP_PORT", "7000"), ("HOSTNAME", "pod-1"))));
        Assert.Equal(
            """{"sfu":{"http":{"port":8080},"node-name":"explicit"}}""",
            Json(text, Env(("HOSTNAME", "pod-1"), ("SFU_NODE_NAME", "explicit"))));
    }

    [Fact]
    public void An_object_may_refer_to_its_own_fields()
    {
        Assert.Equal("""{"bar":{"foo":42,"baz":42}}""", Json("bar : { foo : 42,\n baz : ${bar.foo}\n }"));
        Assert.Equal("""{"bar":{"foo":43,"baz":43}}""", Json("bar : { foo : 42,\n baz : ${bar.foo}\n }\nbar : { foo : 43 }"));
    }

    [Fact]
    public void Mutually_referring_objects_resolve()
    {
        const string text = """
            bar : { a : ${foo.d}, b : 1 }
            bar.b = 3
            foo : { c : ${bar.b}, d : 2 }
            foo.d = 4
            """;

        Assert.Equal("""{"bar":{"a":4,"b":3},"foo":{"c":3,"d":4}}""", Json(text));
    }

    [Fact]
    public void An_optional_self_reference_with_nothing_before_it_is_empty()
    {
        Assert.Equal("""{"a":"foo"}""", Json("a = ${?a}foo"));
        Assert.Equal("{}", Json("foo : ${?foo}"));
    }

    [Fact]
    public void A_substitution_hidden_by_a_later_plain_value_is_never_evaluated()
    {
        Assert.Equal("""{"foo":42}""", Json("foo : ${does-not-exist}\nfoo : 42"));
        Assert.Equal("""{"foo":42}""", Json("foo : ${foo}, foo : 42"));
    }

    [Fact]
    public void Undefined_optional_parts_of_a_concatenation_become_empty()
    {
        Assert.Equal("""{"a":"x--y"}""", Json("a = x-${?NOPE}-y"));
        Assert.Equal("""{"b":[1,2]}""", Json("b = [1] ${?NOPE} [2]"));
        Assert.Equal("""{"c":{"k":1}}""", Json("c = ${?NOPE} { k = 1 }"));
    }

    [Fact]
    public void A_null_substitution_in_a_string_concatenation_is_the_word_null()
    {
        Assert.Equal("""{"n":null,"s":"is null"}""", Json("n = null\ns = is ${n}"));
    }

    [Fact]
    public void Substitutions_work_in_array_elements_and_undefined_optional_elements_are_left_out()
    {
        Assert.Equal("""{"x":1,"a":[1,"1 2",{"y":1}]}""", Json("x = 1\na = [${x}, ${x} 2, ${?NOPE}, { y = ${x} }]"));
    }

    [Fact]
    public void Two_fields_defined_from_each_other_get_the_same_value()
    {
        var root = Parse("a : 1\nb : 2\na : ${b}\nb : ${a}").Root;

        Assert.Equal(root["a"], root["b"]);
    }

    [Fact]
    public void Plus_equals_works_after_a_substitution_and_with_substituted_elements()
    {
        Assert.Equal("""{"base":[1],"list":[1,2,"env"]}""",
            Json("base = [1]\nlist = ${base}\nlist += 2\nlist += ${?EXTRA}", Env(("EXTRA", "env"))));
    }

    [Fact]
    public void A_substitution_reads_a_quoted_key_with_a_dot()
    {
        Assert.Equal("""{"a":{"b.c":5},"x":5}""", Json("a { \"b.c\" = 5 }\nx = ${a.\"b.c\"}"));
    }

    [Fact]
    public void Chains_of_substitutions_resolve()
    {
        Assert.Equal("""{"a":"v","b":"v","c":"v","d":"v"}""", Json("a = ${b}\nb = ${c}\nc = ${d}\nd = v"));
    }

    [Fact]
    public void Overrides_inside_merged_objects_apply_in_document_order()
    {
        const string text = """
            a { x = 1, x = ${?X} }
            a { x = 2, x = ${?Y} }
            """;

        Assert.Equal("""{"a":{"x":2}}""", Json(text));
        Assert.Equal("""{"a":{"x":2}}""", Json(text, Env(("X", "from-x"))));
        Assert.Equal("""{"a":{"x":"from-y"}}""", Json(text, Env(("X", "from-x"), ("Y", "from-y"))));
    }
}
