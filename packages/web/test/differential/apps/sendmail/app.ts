import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

const urls = ['/send', 'send'];
web.config.debug = false;
web.config.smtp_server = '127.0.0.1';
web.config.smtp_port = Number(process.env.SMTP_PORT);
const app = web.application(urls, () => ({ send }));

class send {
  async POST() {
    const i = web.input('to', { subject: 'Hello' });
    const sendmail = web.sendmail;
    await sendmail('webmaster@example.com', i.to, i.subject, 'Hi,\n\nthis is a test.\n', {
      headers: { 'X-Mailer': 'differential' },
    });
    return 'sent to ' + i.to;
  }
}

if (web.isMain(import.meta)) app.run();
