using System.Linq;
using Mono.Cecil;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// <c>[assembly: IgnoresAccessChecksTo("Name")]</c> on the woven assembly: the runtime then lets
    /// its code use the non-public members of assembly Name (CoreCLR looks the attribute up by its
    /// name, in the accessing assembly, which declares it itself: no framework assembly does).
    /// Needed when a helper inlined from a class library uses that library's internals.
    /// </summary>
    public static class IgnoresAccessChecks
    {
        private const string Namespace = "System.Runtime.CompilerServices";
        private const string Name = "IgnoresAccessChecksToAttribute";

        public static void Add(ModuleDefinition module, string assemblyName, ModuleEdits edits)
        {
            if (TargetsNetFramework(module))
            {
                throw new Diagnostics.DiagnosticException(Diagnostics.DiagnosticCatalog.NotSupportedYet,
                    $"a helper inlined from {assemblyName} uses its non-public members, which .NET Framework would not let the derivative reach; make those members public, or give the helper a [CustomDerivative]");
            }
            var attributeType = module.GetType(Namespace, Name);
            if (attributeType == null)
            {
                var declared = attributeType = Declare(module);
                edits.Made(() => module.Types.Remove(declared));
            }
            var constructor = attributeType.Methods.First(m => m.IsConstructor && !m.IsStatic && m.Parameters.Count == 1);
            var assembly = module.Assembly;
            if (assembly.CustomAttributes.Any(a => a.AttributeType == attributeType && (string)a.ConstructorArguments[0].Value == assemblyName)) return;
            var attribute = new CustomAttribute(constructor);
            attribute.ConstructorArguments.Add(new CustomAttributeArgument(module.TypeSystem.String, assemblyName));
            assembly.CustomAttributes.Add(attribute);
            edits.Made(() => assembly.CustomAttributes.Remove(attribute));
        }

        /// <summary>True when the assembly says it targets .NET Framework, which ignores IgnoresAccessChecksTo.</summary>
        private static bool TargetsNetFramework(ModuleDefinition module) =>
            module.Assembly.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.Versioning.TargetFrameworkAttribute" &&
                a.ConstructorArguments.Count == 1 && a.ConstructorArguments[0].Value is string name && name.StartsWith(".NETFramework", System.StringComparison.Ordinal));

        /// <summary>internal sealed class IgnoresAccessChecksToAttribute : Attribute { public IgnoresAccessChecksToAttribute(string assemblyName) { } }</summary>
        private static TypeDefinition Declare(ModuleDefinition module)
        {
            var baseType = new TypeReference("System", "Attribute", module, module.TypeSystem.CoreLibrary);
            var type = new TypeDefinition(Namespace, Name, TypeAttributes.NotPublic | TypeAttributes.Sealed | TypeAttributes.Class | TypeAttributes.BeforeFieldInit, baseType);
            var constructor = new MethodDefinition(".ctor",
                MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, module.TypeSystem.Void);
            constructor.Parameters.Add(new ParameterDefinition("assemblyName", ParameterAttributes.None, module.TypeSystem.String));
            var il = constructor.Body.GetILProcessor();
            var baseConstructor = new MethodReference(".ctor", module.TypeSystem.Void, baseType) { HasThis = true };
            il.Emit(Mono.Cecil.Cil.OpCodes.Ldarg_0);
            il.Emit(Mono.Cecil.Cil.OpCodes.Call, baseConstructor);
            il.Emit(Mono.Cecil.Cil.OpCodes.Ret);
            type.Methods.Add(constructor);
            module.Types.Add(type);
            return type;
        }
    }
}
