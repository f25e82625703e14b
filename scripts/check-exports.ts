/**
 * Part of `npm run lint`: no exported function, class or constant in the repository's own code
 * (scripts/, test/, bench/, examples/) that no other file uses. Such an export is dead code or a
 * name that should be local; either way it misleads a reader about what the file offers. Uses
 * TypeScript's own find-references over the project (tsconfig.json). The shipped sources are
 * n8n's to load and are not checked here.
 * Run: bash scripts/run.sh node --import tsx scripts/check-exports.ts  (exit code 1 on findings)
 */
import { join, relative } from 'node:path';
import ts from 'typescript';

const REPO_ROOT = join(__dirname, '..');
const CHECKED_FOLDERS = ['scripts', 'test', 'bench', 'examples'];

function languageService(): { service: ts.LanguageService; files: string[] } {
	const configFile = ts.readConfigFile(join(REPO_ROOT, 'tsconfig.json'), ts.sys.readFile);
	const { fileNames: files, options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, REPO_ROOT);
	const host: ts.LanguageServiceHost = {
		getScriptFileNames: () => files,
		getScriptVersion: () => '1',
		getScriptSnapshot: (file) => {
			const text = ts.sys.readFile(file);
			return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
		},
		getCurrentDirectory: () => REPO_ROOT,
		getCompilationSettings: () => options,
		getDefaultLibFileName: (compilerOptions) => ts.getDefaultLibFilePath(compilerOptions),
		fileExists: ts.sys.fileExists,
		readFile: ts.sys.readFile,
	};
	return { service: ts.createLanguageService(host), files };
}

/** `file: name` for every export of the checked folders that only its own file mentions. */
function exportsUsedOnlyInTheirFile(): string[] {
	const { service, files } = languageService();
	const program = service.getProgram() as ts.Program;
	const checker = program.getTypeChecker();
	const findings: string[] = [];
	for (const file of files) {
		const path = relative(REPO_ROOT, file);
		if (!CHECKED_FOLDERS.some((folder) => path.startsWith(`${folder}/`))) continue;
		const source = program.getSourceFile(file) as ts.SourceFile;
		const module = checker.getSymbolAtLocation(source);
		if (!module) continue;
		for (const exported of checker.getExportsOfModule(module)) {
			const declaration = exported.declarations?.[0];
			// Re-exports point elsewhere; the file that declares the name is the one checked.
			if (!declaration || declaration.getSourceFile() !== source) continue;
			// Types may need their export for the signatures that use them (declaration emit).
			if (ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration)) continue;
			const name = ts.getNameOfDeclaration(declaration) ?? declaration;
			const references = (service.findReferences(file, name.getStart()) ?? []).flatMap((symbol) => symbol.references);
			if (!references.some((reference) => reference.fileName !== file)) findings.push(`${path}: ${exported.name}`);
		}
	}
	return findings;
}

if (require.main === module) {
	const findings = exportsUsedOnlyInTheirFile();
	for (const finding of findings) console.log(`${finding} is exported but used only in its own file (drop the export, or the code)`);
	process.exit(findings.length > 0 ? 1 : 0);
}
