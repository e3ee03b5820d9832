import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/upload', 'upload'];
web.config.debug = false;
const app = web.application(urls, () => ({ upload }));

class upload {
  GET() {
    web.header('Content-Type', 'text/html; charset=utf-8');
    return `<html><head></head><body>
<form method="POST" enctype="multipart/form-data" action="">
<input type="file" name="myfile" />
<br/>
<input type="submit" />
</form>
</body></html>`;
  }

  POST() {
    const x = web.input({ myfile: {}, note: 'none' });
    const myfile = x.myfile; // a FileUpload, or a string when the field was sent as text
    if (typeof myfile === 'string' || !myfile.filename) return 'no file; note=' + x.note;
    const filepath = myfile.filename.replaceAll('\\', '/');
    const filename = filepath.split('/').at(-1);
    const content = myfile.value.toString('utf-8');
    return `${filename} (${myfile.value.length} bytes, ${myfile.type}): ${content}; note=${x.note}`;
  }
}

if (web.isMain(import.meta)) app.run();
