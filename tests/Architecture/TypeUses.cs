using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Testbed.Tests.Architecture;

/// <summary>
/// Every type a compiled type uses, read from the assembly (signatures, base types, attributes and
/// method bodies), so a fully qualified name or a global using counts as much as a using line.
/// Nested and compiler-made types (closures, state machines) count for the type they are in.
/// </summary>
public static class TypeUses
{
    public static IEnumerable<(TypeDefinition User, TypeReference Used)> Of(ModuleDefinition module) =>
        module.GetTypes().SelectMany(type => Direct(type).Select(used => (Outermost(type), used)));

    public static TypeDefinition Outermost(TypeDefinition type) => type.DeclaringType is null ? type : Outermost(type.DeclaringType);

    public static string NamespaceOf(TypeReference type)
    {
        while (type is TypeSpecification spec) type = spec.ElementType;
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type.Namespace;
    }

    /// <summary>The assembly a referenced type lives in (its own module's assembly when defined there).</summary>
    public static string AssemblyOf(TypeReference type, ModuleDefinition module)
    {
        while (type is TypeSpecification spec) type = spec.ElementType;
        return type.Scope switch
        {
            AssemblyNameReference name => name.Name,
            ModuleDefinition own => own.Assembly.Name.Name,
            _ => module.Assembly.Name.Name,
        };
    }

    private static IEnumerable<TypeReference> Direct(TypeDefinition type)
    {
        if (type.BaseType is not null) yield return type.BaseType;
        foreach (var i in type.Interfaces) yield return i.InterfaceType;
        foreach (var a in type.CustomAttributes) yield return a.AttributeType;
        foreach (var f in type.Fields) yield return f.FieldType;
        foreach (var p in type.Properties) yield return p.PropertyType;
        foreach (var e in type.Events) yield return e.EventType;
        foreach (var m in type.Methods)
        {
            yield return m.ReturnType;
            foreach (var p in m.Parameters) yield return p.ParameterType;
            foreach (var a in m.CustomAttributes) yield return a.AttributeType;
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) yield return v.VariableType;
            foreach (var instruction in m.Body.Instructions)
                foreach (var used in Operand(instruction)) yield return used;
        }
    }

    private static IEnumerable<TypeReference> Operand(Instruction instruction)
    {
        switch (instruction.Operand)
        {
            case TypeReference t:
                yield return t;
                break;
            case MethodReference m:
                yield return m.DeclaringType;
                yield return m.ReturnType;
                foreach (var p in m.Parameters) yield return p.ParameterType;
                if (m is GenericInstanceMethod g) foreach (var a in g.GenericArguments) yield return a;
                break;
            case FieldReference f:
                yield return f.DeclaringType;
                yield return f.FieldType;
                break;
        }
    }

    /// <summary>A type and, for generic instances, arrays and the like, every type inside it.</summary>
    public static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        yield return type;
        if (type is GenericInstanceType generic)
            foreach (var inner in generic.GenericArguments.SelectMany(Expand)) yield return inner;
        if (type is TypeSpecification spec)
            foreach (var inner in Expand(spec.ElementType)) yield return inner;
    }
}
